//! The TypeScript types of everything that crosses to the window, generated from the Rust types
//! with ts-rs and committed under `ui/src/bindings/`. The test fails when they are stale;
//! `STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings` rewrites them.

#[cfg(test)]
mod tests {
    use std::{
        collections::BTreeMap,
        path::{Path, PathBuf},
    };

    use stardesk_core::{
        attention::Attention,
        catalog::{CodeImport, Product, ProductDraft},
        customer_list::{CustomerQuery, CustomerRow},
        customers::Customer,
        desk::{Connected, DemoStep, DeskStatus, Shopper},
        error::ErrorBody,
        events::AppEvent,
        order_list::{OrderDetail, OrderQuery, OrderRow},
        reconcile::Report,
        reports::{DayRevenue, Overview},
        settings::BotText,
        token::Keychain,
    };
    use ts_rs::{Config, TS};

    fn committed() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
    }

    /// Every type a command takes or returns, and the event payload; their dependencies follow.
    fn export(dir: &Path) {
        // Stars, ids and unix times all fit a JavaScript number.
        let cfg = Config::new().with_large_int("number").with_out_dir(dir);
        type Export = fn(&Config) -> Result<(), ts_rs::ExportError>;
        let all: &[Export] = &[
            AppEvent::export_all,
            Attention::export_all,
            BotText::export_all,
            CodeImport::export_all,
            Connected::export_all,
            Customer::export_all,
            CustomerQuery::export_all,
            CustomerRow::export_all,
            DayRevenue::export_all,
            DemoStep::export_all,
            DeskStatus::export_all,
            ErrorBody::export_all,
            Keychain::export_all,
            OrderDetail::export_all,
            OrderQuery::export_all,
            OrderRow::export_all,
            Overview::export_all,
            Product::export_all,
            ProductDraft::export_all,
            Report::export_all,
            Shopper::export_all,
        ];
        for f in all {
            f(&cfg).expect("export bindings");
        }
    }

    fn files(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                    .map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        (
                            name,
                            std::fs::read_to_string(e.path()).expect("read binding"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn bindings_are_fresh() {
        let fresh = tempfile::tempdir().expect("temp dir");
        export(fresh.path());
        let generated = files(fresh.path());
        assert!(
            generated.len() > 20,
            "only {} bindings generated",
            generated.len()
        );
        if std::env::var_os("STARDESK_WRITE_BINDINGS").is_some() {
            let dir = committed();
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("bindings dir");
            for (name, body) in &generated {
                std::fs::write(dir.join(name), body).expect("write binding");
            }
            return;
        }
        let on_disk = files(&committed());
        let stale: Vec<&String> = generated
            .keys()
            .chain(on_disk.keys())
            .filter(|name| generated.get(*name) != on_disk.get(*name))
            .collect();
        assert!(
            stale.is_empty(),
            "ui/src/bindings is stale ({stale:?}); regenerate with STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings"
        );
    }
}
