//! Files the merchant exports: CSV (RFC 4180 through the `csv` crate, a header row) and chart
//! images. Named for the day so none overwrites another, written beside as `.part` and renamed,
//! so a file appears whole or not at all. Long exports stream their rows from the store, report
//! progress and stop when cancelled.

mod lists;
mod orders;

use std::{
    collections::HashMap,
    io::Write,
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use lists::{customers, requests, subscribers};
pub use orders::{ORDER_HEADER, local_time, orders};

/// Where an export went, and how many rows it holds (the header left out).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Export {
    pub path: String,
    pub rows: i64,
}

/// A file in `dir` for `what` on `day` that no other file has taken:
/// `stardesk-<what>-2026-11-21.csv`, then `stardesk-<what>-2026-11-21-2.csv`, …
pub fn path_for(dir: &Path, what: &str, day: chrono::NaiveDate) -> PathBuf {
    path_with(dir, what, day, "csv")
}

/// `path_for` with another extension (`png`).
pub fn path_with(dir: &Path, what: &str, day: chrono::NaiveDate, ext: &str) -> PathBuf {
    let base = format!("stardesk-{what}-{}", day.format("%Y-%m-%d"));
    let mut path = dir.join(format!("{base}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// What an export is called in a file's name: letters, digits, `-` and `_`, nothing that could
/// leave the folder.
pub fn name_part(what: &str) -> String {
    let kept: String = what
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(60)
        .collect();
    if kept.is_empty() {
        "export".into()
    } else {
        kept
    }
}

/// Writes `rows` under `header` to `path`, whole or not at all.
pub fn write<I, R>(path: &Path, header: &[&str], rows: I) -> Result<Export>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let job = Job::new();
    let mut sheet = Sheet::create(path, header, 0, &job)?;
    for row in rows {
        sheet.row(row)?;
    }
    sheet.finish()
}

/// A table the window shows (a report's), as it shows it: text a spreadsheet would take for a
/// formula is quoted (see `cell`); numbers, negative ones too, stay numbers.
pub fn write_table(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<Export> {
    if header.is_empty() {
        return Err(Error::invalid("The table has no columns to export."));
    }
    if let Some((n, row)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() != header.len())
    {
        return Err(Error::invalid(format!(
            "Row {} has {} cells where the table has {} columns.",
            n + 1,
            row.len(),
            header.len()
        )));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write(
        path,
        &header,
        rows.iter().map(|r| {
            r.iter()
                .map(|v| table_cell(v).into_owned())
                .collect::<Vec<_>>()
        }),
    )
}

/// `cell`, except for a number (`-12`, `-3.5`, `-12.5%`), which a spreadsheet should read as one.
pub fn table_cell(value: &str) -> std::borrow::Cow<'_, str> {
    let number = value.strip_suffix('%').unwrap_or(value).replace(',', "");
    if !number.is_empty() && number.parse::<f64>().is_ok_and(f64::is_finite) {
        value.into()
    } else {
        cell(value)
    }
}

/// `bytes` (a chart's PNG) to `path`, whole or not at all.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = partial_of(path)?;
    let written = std::fs::File::create(&partial).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e.into())
        }
    }
}

fn partial_of(path: &Path) -> Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("Choose a file to export to."))?;
    let mut partial = name.to_os_string();
    partial.push(".part");
    Ok(path.with_file_name(partial))
}

pub(crate) fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Io(e),
        other => Error::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

/// A cell as a spreadsheet should read it: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return would be taken for a formula, so it is quoted with an apostrophe.
pub fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// How often a long export says how far it got.
pub const PROGRESS_EVERY: i64 = 10_000;

/// One export under way: who hears its progress, and whether it was cancelled.
pub struct Job {
    cancelled: Arc<AtomicBool>,
    every: i64,
    progress: Option<Box<dyn Fn(i64, i64) + Send + Sync>>,
}

impl Default for Job {
    fn default() -> Self {
        Job::new()
    }
}

impl Job {
    pub fn new() -> Job {
        Job {
            cancelled: Arc::new(AtomicBool::new(false)),
            every: PROGRESS_EVERY,
            progress: None,
        }
    }

    /// Told `(rows written, rows in all)` when the export starts, every `every` rows and at
    /// the end.
    pub fn on_progress(mut self, f: impl Fn(i64, i64) + Send + Sync + 'static) -> Job {
        self.progress = Some(Box::new(f));
        self
    }

    pub fn every(mut self, rows: i64) -> Job {
        self.every = rows.max(1);
        self
    }

    /// Stops the export at its next row; what it wrote is deleted.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    fn report(&self, rows: i64, total: i64) {
        if let Some(f) = &self.progress {
            f(rows, total);
        }
    }
}

/// The exports running in this process by the name their caller gave them, so another call
/// can cancel one.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Jobs {
    /// Keeps `job` cancellable as `id` until the returned guard is dropped.
    pub fn track<'a>(&'a self, id: &str, job: &Job) -> Tracked<'a> {
        self.lock().insert(id.to_string(), job.cancelled.clone());
        Tracked {
            jobs: self,
            id: id.to_string(),
        }
    }

    /// Cancels the export `id`; false when none runs by that name (it finished already).
    pub fn cancel(&self, id: &str) -> bool {
        match self.lock().get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A tracked export; forgotten when dropped.
pub struct Tracked<'a> {
    jobs: &'a Jobs,
    id: String,
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.jobs.lock().remove(&self.id);
    }
}

/// Where a sheet goes: a file (through its `.part`), or a stream such as the terminal.
pub enum To<'a> {
    File(&'a Path),
    Writer(Box<dyn Write + Send>),
}

/// A CSV being written: a file's `.part` renamed when finished (and deleted when dropped
/// unfinished: an error or a cancel leaves nothing behind), or any writer (the terminal).
pub struct Sheet<'j> {
    out: csv::Writer<Box<dyn Write + Send>>,
    /// The `.part` being written and the file it becomes.
    file: Option<(PathBuf, PathBuf)>,
    rows: i64,
    total: i64,
    job: &'j Job,
}

impl<'j> Sheet<'j> {
    /// A sheet of `total` rows (0 when not known) going `to` a file or a writer.
    pub fn open(to: To<'_>, header: &[&str], total: i64, job: &'j Job) -> Result<Sheet<'j>> {
        match to {
            To::File(path) => Sheet::create(path, header, total, job),
            To::Writer(out) => Sheet::to_writer(out, header, total, job),
        }
    }

    /// A sheet of `total` rows (0 when not known) for `path`.
    pub fn create(path: &Path, header: &[&str], total: i64, job: &'j Job) -> Result<Sheet<'j>> {
        let partial = partial_of(path)?;
        let file = std::fs::File::create(&partial)?;
        let mut sheet = Sheet::start(Box::new(file), total, job);
        sheet.file = Some((partial, path.to_path_buf()));
        sheet.header(header)?;
        Ok(sheet)
    }

    /// A sheet written to `out` as it goes.
    pub fn to_writer(
        out: Box<dyn Write + Send>,
        header: &[&str],
        total: i64,
        job: &'j Job,
    ) -> Result<Sheet<'j>> {
        let mut sheet = Sheet::start(out, total, job);
        sheet.header(header)?;
        Ok(sheet)
    }

    fn start(out: Box<dyn Write + Send>, total: i64, job: &'j Job) -> Sheet<'j> {
        Sheet {
            out: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(out),
            file: None,
            rows: 0,
            total,
            job,
        }
    }

    fn header(&mut self, header: &[&str]) -> Result<()> {
        self.out.write_record(header).map_err(csv_error)?;
        self.job.report(0, self.total);
        Ok(())
    }

    /// Writes one row; `false` when the export was cancelled and should stop (the row is not
    /// written).
    pub fn row<R>(&mut self, row: R) -> Result<bool>
    where
        R: IntoIterator,
        R::Item: AsRef<[u8]>,
    {
        if self.job.is_cancelled() {
            return Ok(false);
        }
        self.out.write_record(row).map_err(csv_error)?;
        self.rows += 1;
        if self.rows % self.job.every == 0 {
            self.job.report(self.rows, self.total.max(self.rows));
        }
        Ok(true)
    }

    pub fn rows(&self) -> i64 {
        self.rows
    }

    /// Flushes and renames the file into place.
    pub fn finish(mut self) -> Result<Export> {
        self.out.flush()?;
        let path = match self.file.take() {
            Some((partial, path)) => {
                if let Err(e) = std::fs::rename(&partial, &path) {
                    let _ = std::fs::remove_file(&partial);
                    return Err(e.into());
                }
                path.display().to_string()
            }
            None => "-".into(),
        };
        self.job.report(self.rows, self.rows);
        Ok(Export {
            path,
            rows: self.rows,
        })
    }
}

impl Drop for Sheet<'_> {
    fn drop(&mut self) {
        if let Some((partial, _)) = self.file.take() {
            let _ = std::fs::remove_file(partial);
        }
    }
}

/// `2026-11-21T14:03:00Z`.
pub fn iso_utc(at: i64) -> String {
    crate::audit::iso_utc(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_parses_back_to_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let path = path_for(dir.path(), "promos", day);
        let rows = vec![
            vec!["TJ-\"7\"".to_string(), "a, b".to_string()],
            vec!["line\nbreak".to_string(), cell("=SUM(A1)").into_owned()],
        ];
        let done = write(&path, &["code", "note"], rows.clone()).unwrap();
        assert_eq!(done.rows, 2);
        let mut back = csv::Reader::from_path(&path).unwrap();
        let read: Vec<Vec<String>> = back
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(read, rows);
        assert_eq!(read[1][1], "'=SUM(A1)");
        assert!(path_for(dir.path(), "promos", day).ends_with("stardesk-promos-2026-11-21-2.csv"));
    }

    #[test]
    fn a_window_table_keeps_its_numbers_and_quotes_formulas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let header = vec!["product".to_string(), "change".to_string()];
        let rows = vec![
            vec!["=1+1".to_string(), "-12.5%".to_string()],
            vec!["Guide, \"2\"".to_string(), "-1,200".to_string()],
        ];
        assert_eq!(write_table(&path, &header, &rows).unwrap().rows, 2);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "product,change\n'=1+1,-12.5%\n\"Guide, \"\"2\"\"\",\"-1,200\"\n"
        );
        let short = vec![vec!["x".to_string()]];
        let e = write_table(&path, &header, &short).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Row 1 has 1 cells where the table has 2 columns."
        );
    }

    #[test]
    fn names_keep_to_the_folder() {
        assert_eq!(name_part("../../etc/passwd"), "etcpasswd");
        assert_eq!(name_part("revenue-by-day"), "revenue-by-day");
        assert_eq!(name_part("/"), "export");
    }

    #[test]
    fn a_cancelled_sheet_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let jobs = Jobs::default();
        let job = Job::new().every(1);
        let _tracked = jobs.track("j1", &job);
        let mut sheet = Sheet::create(&path, &["a"], 3, &job).unwrap();
        assert!(sheet.row(["1"]).unwrap());
        assert!(dir.path().join("x.csv.part").exists());
        assert!(jobs.cancel("j1"));
        assert!(!jobs.cancel("j2"));
        assert!(!sheet.row(["2"]).unwrap());
        drop(sheet);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
