//! Products: list, create, edit, archive and restore, codes and files.

use stardesk_core::{
    Error,
    catalog::{
        self, CodeCheck, CodeCounts, CodeImport, CodeQuery, CodeRemoval, CodeRow, Product,
        ProductDraft,
    },
    desk::Desk,
    exports::Export,
};
use tauri::{
    AppHandle, Runtime, State,
    ipc::{InvokeBody, Request},
};

use super::{CmdResult, exports::save_path, fail, operator};

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
    let who = operator(&desk).await?;
    catalog::create(&desk.store(), &who, &draft)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_update(
    desk: State<'_, Desk>,
    id: i64,
    draft: ProductDraft,
) -> CmdResult<Product> {
    let who = operator(&desk).await?;
    catalog::update(&desk.store(), &who, id, &draft)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_set_active(
    desk: State<'_, Desk>,
    id: i64,
    active: bool,
) -> CmdResult<Product> {
    let who = operator(&desk).await?;
    catalog::set_active(&desk.store(), &who, id, active)
        .await
        .map_err(fail)
}

/// Imports codes; `first_line` numbers the text's first line when it is one part of a longer
/// file (checked whole with `catalog_check_codes` first).
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_import_codes(
    desk: State<'_, Desk>,
    product_id: i64,
    text: String,
    first_line: Option<i64>,
) -> CmdResult<CodeImport> {
    let who = operator(&desk).await?;
    catalog::import_codes_from(
        &desk.store(),
        &who,
        product_id,
        &text,
        first_line.unwrap_or(1),
    )
    .await
    .map_err(fail)
}

/// Reads a whole list of codes without importing anything: a line that cannot be read is
/// reported with its number before any part is imported.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_check_codes(text: String) -> CmdResult<CodeCheck> {
    catalog::check_codes(&text).map_err(fail)
}

/// One page of a code product's codes, with their state; searched and narrowed by state.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_codes(desk: State<'_, Desk>, query: CodeQuery) -> CmdResult<Vec<CodeRow>> {
    catalog::codes_page(&desk.store().read, &query)
        .await
        .map_err(fail)
}

/// How many of a product's codes are in each state, among those the search matches.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_code_counts(
    desk: State<'_, Desk>,
    product_id: i64,
    search: String,
) -> CmdResult<CodeCounts> {
    catalog::code_counts(&desk.store(), product_id, &search)
        .await
        .map_err(fail)
}

/// Takes unsold codes out of the pool; the answer's `removal_id` undoes it.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_remove_codes(
    desk: State<'_, Desk>,
    product_id: i64,
    code_ids: Vec<i64>,
) -> CmdResult<CodeRemoval> {
    let who = operator(&desk).await?;
    catalog::remove_codes(&desk.store(), &who, product_id, &code_ids)
        .await
        .map_err(fail)
}

/// Puts back the codes one removal took out; returns how many.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_restore_codes(
    desk: State<'_, Desk>,
    product_id: i64,
    removal_id: i64,
) -> CmdResult<i64> {
    let who = operator(&desk).await?;
    catalog::restore_codes(&desk.store(), &who, product_id, removal_id)
        .await
        .map_err(fail)
}

/// Every code of the product with its state, as CSV where the merchant chooses; `None` when
/// the dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_export_codes<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    product_id: i64,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, &format!("codes-{product_id}"), "csv").await? else {
        return Ok(None);
    };
    catalog::export_codes(&desk.store(), product_id, &path)
        .await
        .map(Some)
        .map_err(fail)
}

/// The stock at or below which a sale warns; 0 never warns.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_set_low_stock(
    desk: State<'_, Desk>,
    product_id: i64,
    low_stock: i64,
) -> CmdResult<Product> {
    let who = operator(&desk).await?;
    catalog::set_low_stock(&desk.store(), &who, product_id, low_stock)
        .await
        .map_err(fail)
}

/// The code an order delivered, for its drawer.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_order_code(desk: State<'_, Desk>, order_id: i64) -> CmdResult<Option<String>> {
    catalog::code_of_order(&desk.store(), order_id)
        .await
        .map_err(fail)
}

/// After connecting a real bot: the demo shop's catalog (products on sale, unsold codes,
/// files) copied into the real, still empty shop; never its orders. Returns the products copied.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_copy_demo(desk: State<'_, Desk>) -> CmdResult<i64> {
    let who = operator(&desk).await?;
    desk.copy_demo_catalog(&who).await.map_err(fail)
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
    let who = operator(&desk).await?;
    catalog::set_file(&desk.store(), &who, product_id, &file_name, mime_type, data)
        .await
        .map_err(fail)
}

/// Header values are ASCII, so the window sends the file name through `encodeURIComponent`.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
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

/// The product suggested under a receipt of this one ("customers also bought"), if any.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_also_bought(desk: State<'_, Desk>, id: i64) -> CmdResult<Option<i64>> {
    catalog::also_bought(&desk.store(), id).await.map_err(fail)
}

/// Sets or clears (null) the product suggested under a receipt of this one.
#[tauri::command(rename_all = "snake_case")]
pub async fn catalog_set_also_bought(
    desk: State<'_, Desk>,
    id: i64,
    also_bought_id: Option<i64>,
) -> CmdResult<Option<i64>> {
    let who = operator(&desk).await?;
    catalog::set_also_bought(&desk.store(), &who, id, also_bought_id)
        .await
        .map_err(fail)
}
