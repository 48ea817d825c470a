//! Method parameters, read alike from a JSON body, a url-encoded form, multipart or the query.

use std::collections::HashMap;

use axum::{
    extract::{FromRequest, Multipart, Request},
    http::header::CONTENT_TYPE,
};
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// Telegram accepts uploads up to 50 MB from bots.
pub const BODY_LIMIT: usize = 50 * 1024 * 1024;

/// One multipart part, kept whole so that a file can be found by its field name or through
/// an `attach://<name>` reference.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// A file parameter as the bot gave it.
pub enum FileParam<'a> {
    Upload(&'a Upload),
    Reference(String),
}

#[derive(Debug, Default)]
pub struct Params {
    fields: Map<String, Value>,
    uploads: HashMap<String, Upload>,
}

impl Params {
    #[cfg(test)]
    pub fn from_json(fields: Map<String, Value>) -> Self {
        Self {
            fields,
            uploads: HashMap::new(),
        }
    }

    /// Reads the query string, then the body; a body field wins over a query field.
    pub async fn read(req: Request) -> Result<Self, ApiError> {
        let mut params = Self::default();
        if let Some(query) = req.uri().query() {
            params.merge_form(query.as_bytes());
        }
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            params.merge_multipart(req).await?;
            return Ok(params);
        }
        let body = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError::new(413, "Request Entity Too Large"))?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        if content_type.starts_with("application/x-www-form-urlencoded") {
            params.merge_form(&body);
        } else {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => params.fields.extend(map),
                Ok(_) => return Err(ApiError::bad_request("parameters must be a JSON object")),
                // Clients that send a form without saying so are common enough to tolerate.
                Err(_) if !content_type.starts_with("application/json") => params.merge_form(&body),
                Err(e) => return Err(ApiError::bad_request(format_args!("can't parse JSON: {e}"))),
            }
        }
        Ok(params)
    }

    fn merge_form(&mut self, raw: &[u8]) {
        for (k, v) in form_urlencoded::parse(raw) {
            self.fields
                .insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }

    async fn merge_multipart(&mut self, req: Request) -> Result<(), ApiError> {
        let bad = |e: &dyn std::fmt::Display| ApiError::bad_request(format_args!("{e}"));
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(&e))?;
        while let Some(field) = multipart.next_field().await.map_err(|e| bad(&e))? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| bad(&e))?;
            if file_name.is_none()
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                self.fields
                    .insert(name.clone(), Value::String(text.to_owned()));
            }
            self.uploads.insert(
                name,
                Upload {
                    file_name,
                    content_type,
                    bytes,
                },
            );
        }
        Ok(())
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.get(name).is_some_and(|v| !v.is_null())
    }

    /// A string parameter; numbers are accepted and rendered as text.
    pub fn str(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn require_str(&self, name: &str) -> Result<String, ApiError> {
        self.str(name).ok_or_else(|| ApiError::missing(name))
    }

    pub fn i64(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| ApiError::invalid(name)),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ApiError::invalid(name)),
            Some(_) => Err(ApiError::invalid(name)),
        }
    }

    pub fn require_i64(&self, name: &str) -> Result<i64, ApiError> {
        self.i64(name)?.ok_or_else(|| ApiError::missing(name))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::Number(n)) => Ok(Some(n.as_i64() != Some(0))),
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(Some(true)),
                "false" | "0" | "" => Ok(Some(false)),
                _ => Err(ApiError::invalid(name)),
            },
            Some(_) => Err(ApiError::invalid(name)),
        }
    }

    /// A structured parameter: a JSON value in a JSON body, or JSON text in a form or multipart.
    pub fn json(&self, name: &str) -> Result<Option<Value>, ApiError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| ApiError::bad_request(format_args!("can't parse {name} JSON object"))),
            Some(v) => Ok(Some(v.clone())),
        }
    }

    /// A file parameter: an uploaded part (directly or via `attach://`), or a file_id/URL string.
    pub fn file(&self, name: &str) -> Option<FileParam<'_>> {
        if let Some(upload) = self.uploads.get(name).filter(|u| u.file_name.is_some()) {
            return Some(FileParam::Upload(upload));
        }
        let value = self.str(name)?;
        if let Some(part) = value.strip_prefix("attach://") {
            return self.uploads.get(part).map(FileParam::Upload);
        }
        Some(FileParam::Reference(value))
    }
}
