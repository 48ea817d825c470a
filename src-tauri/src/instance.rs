//! One Stardesk per shop. The single-instance plugin finds a running Stardesk over the session
//! bus (D-Bus on Linux); where there is no session bus it lets a second one start, so the data
//! folder keeps a socket of its own as well: a second start on the same folder asks the running
//! one to show its window and ends, and two bots never poll one token.

use std::path::{Path, PathBuf};

/// The socket's name in the data folder.
pub const SOCKET: &str = "stardesk.sock";

/// What a start found in the data folder.
pub enum Claim {
    /// This process serves the shop; the guard answers later starts while it lives.
    First(Guard),
    /// Another Stardesk serves it and was asked to show its window.
    Running,
}

/// The listening end; the socket file goes with it.
pub struct Guard {
    path: Option<PathBuf>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Claims the data folder, or finds the Stardesk that holds it and, when `wake`, asks it to show
/// its window (a start at login asks nothing). `show` runs (on a thread of the guard's) each time
/// a later start asks.
#[cfg(unix)]
pub fn claim(
    data_dir: &Path,
    wake: bool,
    show: impl Fn() + Send + 'static,
) -> std::io::Result<Claim> {
    use std::{
        io::{BufRead, BufReader, Write},
        os::unix::net::{UnixListener, UnixStream},
        time::Duration,
    };

    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(SOCKET);
    // A socket path is limited to about 100 bytes; a folder deeper than that goes unguarded.
    if path.as_os_str().len() > 100 {
        tracing::warn!(path = %path.display(), "data folder path too long for the instance socket");
        return Ok(Claim::First(Guard { path: None }));
    }
    if let Ok(mut stream) = UnixStream::connect(&path) {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        stream.write_all(if wake { b"show\n" } else { b"find\n" })?;
        let mut answer = String::new();
        BufReader::new(stream).read_line(&mut answer)?;
        if answer.trim() == "ok" {
            return Ok(Claim::Running);
        }
    }
    // Nobody answers: the file is left from a Stardesk that ended abruptly.
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path)?;
    std::thread::Builder::new()
        .name("instance".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut line = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                match line.trim() {
                    "show" => show(),
                    "find" => {}
                    _ => continue,
                }
                let _ = (&stream).write_all(b"ok\n");
            }
        })?;
    Ok(Claim::First(Guard { path: Some(path) }))
}

#[cfg(not(unix))]
pub fn claim(
    _data_dir: &Path,
    _wake: bool,
    _show: impl Fn() + Send + 'static,
) -> std::io::Result<Claim> {
    Ok(Claim::First(Guard { path: None }))
}
