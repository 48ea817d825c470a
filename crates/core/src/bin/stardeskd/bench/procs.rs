//! The bench's processes: the simulator and the bot, each killed when its handle drops, and
//! what Linux says about the bot's CPU time and memory.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

/// A child process, killed if it is still running when this drops.
pub struct Proc {
    child: Child,
    pid: u32,
}

impl Proc {
    fn spawn(command: &mut Command, what: &str) -> anyhow::Result<Proc> {
        let child = command
            .kill_on_drop(true)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("{what} did not start: {e}"))?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow::anyhow!("{what} ended as it started"))?;
        Ok(Proc { child, pid })
    }

    /// Whether it has ended, and how.
    pub fn ended(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// User and system CPU time so far, from `/proc/<pid>/stat`.
    pub fn cpu(&self) -> anyhow::Result<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))?;
        // The fields after the command's name, which is in parentheses and may hold spaces:
        // utime and stime are the 14th and 15th of the line, the 12th and 13th from here.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let ticks = |i: usize| -> anyhow::Result<u64> {
            Ok(fields
                .get(i)
                .ok_or_else(|| anyhow::anyhow!("/proc/{}/stat: {stat}", self.pid))?
                .parse()?)
        };
        // Linux counts these in USER_HZ, 100 a second on every architecture it exports to.
        Ok(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
    }

    /// The most memory it has held at once (VmHWM), in bytes.
    pub fn peak_rss(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .ok_or_else(|| anyhow::anyhow!("no VmHWM in /proc/{}/status", self.pid))?;
        Ok(kb * 1024)
    }

    /// Asks it to stop as Ctrl-C does and waits (up to `within`): how long it took to end, or
    /// None when it had to be killed.
    pub async fn stop(&mut self, within: Duration) -> anyhow::Result<Option<Duration>> {
        let asked = Instant::now();
        let signalled = std::process::Command::new("kill")
            .args(["-INT", &self.pid.to_string()])
            .status()?;
        anyhow::ensure!(signalled.success(), "kill -INT {} failed", self.pid);
        match tokio::time::timeout(within, self.child.wait()).await {
            Ok(status) => {
                let status = status?;
                anyhow::ensure!(status.success(), "it ended with {status}");
                Ok(Some(asked.elapsed()))
            }
            Err(_) => {
                self.child.kill().await?;
                Ok(None)
            }
        }
    }
}

/// A program built beside this one (the same target profile folder).
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let path = me.with_file_name(name);
    if path.exists() {
        return Ok(path);
    }
    let release = me
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d == "release");
    anyhow::bail!(
        "{} is missing: build it with `cargo build{} -p {name}`",
        path.display(),
        if release { " --release" } else { "" }
    )
}

/// `bot-api-sim` on a free loopback port; returns it and its address.
pub async fn start_simulator() -> anyhow::Result<(Proc, String)> {
    let mut proc = Proc::spawn(
        Command::new(sibling("bot-api-sim")?)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit()),
        "bot-api-sim",
    )?;
    let stdout = proc.child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(url) = line.strip_prefix("bot-api-sim listening on ") {
                return anyhow::Ok(url.trim().to_string());
            }
        }
        anyhow::bail!("bot-api-sim ended without saying where it listens")
    })
    .await
    .map_err(|_| anyhow::anyhow!("bot-api-sim did not say where it listens within 10 s"))??;
    // Whatever else it prints is read and dropped, so that it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((proc, url))
}

/// `stardeskd` on the shop in `data_dir` against the simulator at `api_url`; its log goes to
/// `log`, filtered by its filter (warn by default). Unpaced, it sends as fast as it can
/// (`STARDESK_UNPACED=1`).
pub fn start_bot(
    data_dir: &Path,
    api_url: &str,
    unpaced: bool,
    (log, filter): (&Path, Option<&str>),
) -> anyhow::Result<Proc> {
    let log = std::fs::File::create(log)?;
    let mut command = Command::new(std::env::current_exe()?);
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--api-url", api_url])
        .env("STARDESK_BOT_TOKEN", stardesk_core::demo::DEMO_TOKEN)
        .env("RUST_LOG", filter.unwrap_or("warn"))
        .env("NO_COLOR", "1")
        .env_remove("STARDESK_UNPACED")
        .stdout(Stdio::null())
        .stderr(log);
    if unpaced {
        command.env("STARDESK_UNPACED", "1");
    }
    Proc::spawn(&mut command, "stardeskd (the bot)")
}

/// A folder removed with everything in it when this drops.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> anyhow::Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
