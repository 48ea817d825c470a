//! The TypeScript side of everything that crosses to the window, generated and committed: the
//! types under `ui/src/bindings/` (ts-rs) and the command wrappers in `ui/src/api/commands.ts`
//! (from the signatures the build step reads off the commands). The tests fail when either is
//! stale; `STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings` rewrites both.

#![cfg(test)]

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
};

use ts_rs::{Config, ExportError, TS, TypeVisitor};

/// One command as the window sees it; `crate::commands::signatures()` lists them all.
pub(crate) struct Signature {
    pub name: &'static str,
    /// The wrapper's name in `commands.ts`.
    pub wrapper: &'static str,
    pub docs: &'static [&'static str],
    pub args: Vec<Arg>,
    /// The command reads the request's raw body (and headers) instead of JSON arguments.
    pub raw_body: bool,
    pub ok: TsType,
}

pub(crate) struct Arg {
    pub param: &'static str,
    /// The key the command reads it from.
    pub key: &'static str,
    pub ty: TsType,
}

/// A Rust type in TypeScript: its name there and the bindings it needs.
pub(crate) struct TsType {
    name: String,
    needs: Vec<Binding>,
}

struct Binding {
    ident: String,
    file: PathBuf,
    export: Export,
}

/// Writes a type's binding and those of its dependencies.
type Export = fn(&Config) -> Result<(), ExportError>;

pub(crate) fn ts<T: TS + 'static>(cfg: &Config) -> TsType {
    struct Needs<'a>(&'a Config, Vec<Binding>);
    impl TypeVisitor for Needs<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            if let Some(file) = U::output_path() {
                self.1.push(Binding {
                    ident: U::ident(self.0),
                    file,
                    export: U::export_all,
                });
            }
        }
    }
    let mut needs = Needs(cfg, Vec::new());
    needs.visit::<T>();
    T::visit_generics(&mut needs);
    TsType {
        name: T::name(cfg),
        needs: needs.1,
    }
}

/// Stars, ids and unix times all fit a JavaScript number.
fn config() -> Config {
    Config::new().with_large_int("number")
}

fn types_of(s: &Signature) -> impl Iterator<Item = &TsType> {
    s.args.iter().map(|a| &a.ty).chain([&s.ok])
}

/// `ui/src/bindings/`: every type a command takes or returns, the event payload and the error
/// body; their dependencies follow.
fn export_types(dir: &Path) {
    let cfg = config().with_out_dir(dir);
    let signatures = crate::commands::signatures(&cfg);
    let from_commands = signatures
        .iter()
        .flat_map(types_of)
        .flat_map(|t| &t.needs)
        .map(|b| b.export);
    let others: [Export; 2] = [
        stardesk_core::events::AppEvent::export_all,
        stardesk_core::error::ErrorBody::export_all,
    ];
    for export in from_commands.chain(others) {
        export(&cfg).expect("export bindings");
    }
}

/// `ui/src/api/commands.ts`: one wrapper of `call` per command.
fn commands_ts() -> String {
    let signatures = crate::commands::signatures(&config());
    let imports: BTreeMap<&str, String> = signatures
        .iter()
        .flat_map(types_of)
        .flat_map(|t| &t.needs)
        .map(|b| {
            let file = b.file.with_extension("");
            (b.ident.as_str(), file.to_string_lossy().replace('\\', "/"))
        })
        .collect();

    let mut out = String::from(
        "// generated from src-tauri/src/commands; do not edit.\n\
         // `STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings` rewrites it.\n",
    );
    for (ident, file) in &imports {
        writeln!(
            out,
            "import type {{ {ident} }} from \"../bindings/{file}\";"
        )
        .expect("write");
    }
    out.push_str("import { call } from \"./invoke\";\n");

    for s in &signatures {
        out.push('\n');
        match s.docs {
            [] => {}
            [line] => writeln!(out, "/** {} */", jsdoc(line)).expect("write"),
            lines => {
                out.push_str("/**\n");
                for line in lines.iter().map(|l| jsdoc(l)) {
                    if line.is_empty() {
                        out.push_str(" *\n");
                    } else {
                        writeln!(out, " * {line}").expect("write");
                    }
                }
                out.push_str(" */\n");
            }
        }
        let (params, sent) = if s.raw_body {
            (
                "body: ArrayBuffer | Uint8Array, headers: Record<string, string>".to_string(),
                ", body, { headers }".to_string(),
            )
        } else if s.args.is_empty() {
            (String::new(), String::new())
        } else {
            let params: Vec<String> = s
                .args
                .iter()
                .map(|a| format!("{}: {}", a.param, a.ty.name))
                .collect();
            let keys: Vec<String> = s
                .args
                .iter()
                .map(|a| {
                    if a.key == a.param {
                        a.key.to_string()
                    } else {
                        format!("{}: {}", a.key, a.param)
                    }
                })
                .collect();
            (params.join(", "), format!(", {{ {} }}", keys.join(", ")))
        };
        writeln!(
            out,
            "export const {} = ({params}) =>\n  call<{}>(\"{}\"{sent});",
            s.wrapper, s.ok.name, s.name
        )
        .expect("write");
    }
    out
}

fn jsdoc(line: &str) -> String {
    line.trim_end().replace("*/", "*\\/")
}

fn ui() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src")
}

fn writing() -> bool {
    std::env::var_os("STARDESK_WRITE_BINDINGS").is_some()
}

const REGENERATE: &str =
    "regenerate with STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings";

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
    export_types(fresh.path());
    let generated = files(fresh.path());
    assert!(
        generated.len() > 20,
        "only {} bindings generated",
        generated.len()
    );
    let committed = ui().join("bindings");
    if writing() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).expect("bindings dir");
        for (name, body) in &generated {
            std::fs::write(committed.join(name), body).expect("write binding");
        }
        return;
    }
    let on_disk = files(&committed);
    let stale: Vec<&String> = generated
        .keys()
        .chain(on_disk.keys())
        .filter(|name| generated.get(*name) != on_disk.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?}); {REGENERATE}"
    );
}

#[test]
fn command_bindings_are_fresh() {
    let generated = commands_ts();
    let committed = ui().join("api/commands.ts");
    if writing() {
        std::fs::write(&committed, &generated).expect("write commands.ts");
        return;
    }
    let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        on_disk == generated,
        "ui/src/api/commands.ts is stale; {REGENERATE}"
    );
}

#[test]
fn wrappers_pass_what_the_commands_read() {
    let names: Vec<&str> = crate::commands::signatures(&config())
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, crate::commands::NAMES);
    let ts = commands_ts();
    for expected in [
        // `rename_all = "snake_case"`: the keys are the Rust names.
        r#"export const catalogImportCodes = (productId: number, text: string, firstLine: number | null) =>
  call<CodeImport>("catalog_import_codes", { product_id: productId, text, first_line: firstLine });"#,
        // The raw body and its headers.
        r#"export const catalogSetFile = (body: ArrayBuffer | Uint8Array, headers: Record<string, string>) =>
  call<null>("catalog_set_file", body, { headers });"#,
        // A type under the name ts-rs gives it.
        r#"import type { ReconcileReport } from "../bindings/ReconcileReport";"#,
    ] {
        assert!(ts.contains(expected), "{expected}\nnot in\n{ts}");
    }
}
