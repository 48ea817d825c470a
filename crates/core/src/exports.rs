//! CSV files the merchant exports (RFC 4180 through the `csv` crate, a header row): named for
//! the day so none overwrites another, written beside as `.part` and renamed, so a file appears
//! whole or not at all.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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
    let base = format!("stardesk-{what}-{}", day.format("%Y-%m-%d"));
    let mut path = dir.join(format!("{base}.csv"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.csv"));
        n += 1;
    }
    path
}

/// Writes `rows` under `header` to `path`, whole or not at all.
pub fn write<I, R>(path: &Path, header: &[&str], rows: I) -> Result<Export>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("Choose a file to export to."))?;
    let mut partial = name.to_os_string();
    partial.push(".part");
    let partial = path.with_file_name(partial);
    let written = (|| -> Result<i64> {
        let mut out = csv::Writer::from_path(&partial).map_err(csv_error)?;
        out.write_record(header).map_err(csv_error)?;
        let mut n = 0;
        for row in rows {
            out.write_record(row).map_err(csv_error)?;
            n += 1;
        }
        out.flush()?;
        Ok(n)
    })();
    match written {
        Ok(rows) => {
            std::fs::rename(&partial, path)?;
            Ok(Export {
                path: path.display().to_string(),
                rows,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
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
}
