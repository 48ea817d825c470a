//! Products: list, create, edit, archive and restore, codes and files.

use stardesk_core::{
    Error,
    catalog::{self, CodeImport, Product, ProductDraft},
    desk::Desk,
};
use tauri::{
    State,
    ipc::{InvokeBody, Request},
};

use super::{CmdResult, fail};

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_list(
    desk: State<'_, Desk>,
    include_archived: bool,
) -> CmdResult<Vec<Product>> {
    catalog::list(&desk.store().read, include_archived)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_create(desk: State<'_, Desk>, draft: ProductDraft) -> CmdResult<Product> {
    catalog::create(&desk.store(), &draft).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_update(
    desk: State<'_, Desk>,
    id: i64,
    draft: ProductDraft,
) -> CmdResult<Product> {
    catalog::update(&desk.store(), id, &draft)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_set_active(
    desk: State<'_, Desk>,
    id: i64,
    active: bool,
) -> CmdResult<Product> {
    catalog::set_active(&desk.store(), id, active)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_import_codes(
    desk: State<'_, Desk>,
    product_id: i64,
    text: String,
) -> CmdResult<CodeImport> {
    catalog::import_codes(&desk.store(), product_id, &text)
        .await
        .map_err(fail)
}

/// The file arrives as the raw request body; its product, name and type as headers.
#[tauri::command]
pub async fn catalog_set_file(desk: State<'_, Desk>, request: Request<'_>) -> CmdResult<()> {
    let InvokeBody::Raw(data) = request.body() else {
        return Err(fail(Error::invalid("The file's bytes did not arrive.")));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let product_id = header("x-product-id")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| fail(Error::invalid("Which product is the file for?")))?;
    let file_name = percent_decode(header("x-file-name").unwrap_or_default());
    let mime_type = header("x-mime-type")
        .filter(|m| !m.is_empty())
        .unwrap_or("application/octet-stream");
    catalog::set_file(&desk.store(), product_id, &file_name, mime_type, data)
        .await
        .map_err(fail)
}

/// Header values are ASCII, so the window sends the file name through `encodeURIComponent`.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_survive_the_header() {
        assert_eq!(
            super::percent_decode("price%20list%20%E2%84%96%201.pdf"),
            "price list № 1.pdf"
        );
        assert_eq!(super::percent_decode("plain.txt"), "plain.txt");
        assert_eq!(super::percent_decode("100%"), "100%");
    }
}
