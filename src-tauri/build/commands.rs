//! Reads the `#[tauri::command]` functions of `src/commands/` and writes the Rust that follows from
//! them: the invoke handler, the list of names, and (for the tests) the signatures the TypeScript
//! wrappers are written from.

use std::{fmt::Write as _, fs, path::Path};

use proc_macro2::TokenStream;
use quote::quote;
use syn::{
    Attribute, FnArg, GenericArgument, Item, ItemUse, Pat, PathArguments, ReturnType, Type, UseTree,
};

/// One file of `src/commands/`.
pub struct Module {
    pub name: String,
    /// Its `use` items: the signatures' types are named as the file names them.
    uses: Vec<ItemUse>,
    pub commands: Vec<Command>,
}

pub struct Command {
    pub name: String,
    docs: Vec<String>,
    args: Vec<Arg>,
    /// Takes `tauri::ipc::Request`: the body arrives raw and the arguments as headers.
    raw_body: bool,
    /// What it answers with when it succeeds.
    ok: Type,
}

struct Arg {
    name: String,
    /// The key the window passes it under: tauri's camelCase unless `rename_all` says otherwise.
    key: String,
    ty: Type,
}

/// Arguments tauri fills in itself; the window never passes them.
const INJECTED: &[&str] = &[
    "State",
    "AppHandle",
    "Window",
    "Webview",
    "WebviewWindow",
    "CommandScope",
    "GlobalScope",
];

/// The modules `mod.rs` declares, in the order it declares them, each with its commands.
pub fn read(dir: &Path) -> Result<Vec<Module>, String> {
    let root = parse(&dir.join("mod.rs"))?;
    let mut modules = Vec::new();
    for item in &root.items {
        match item {
            Item::Mod(m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let file = [
                    dir.join(format!("{name}.rs")),
                    dir.join(&name).join("mod.rs"),
                ]
                .into_iter()
                .find(|p| p.exists())
                .ok_or_else(|| format!("no file for `mod {name}` in {}", dir.display()))?;
                modules.push(module(name, &parse(&file)?)?);
            }
            Item::Fn(f) if is_command(&f.attrs) => {
                return Err(format!(
                    "`{}` is in src/commands/mod.rs: keep each command in its domain's module",
                    f.sig.ident
                ));
            }
            _ => {}
        }
    }
    Ok(modules)
}

fn parse(path: &Path) -> Result<syn::File, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn module(name: String, file: &syn::File) -> Result<Module, String> {
    let mut uses = Vec::new();
    let mut commands = Vec::new();
    for item in &file.items {
        match item {
            Item::Use(u) => uses.push(u.clone()),
            Item::Fn(f) => {
                if let Some(attr) = f.attrs.iter().find(|a| is_command_attr(a)) {
                    commands.push(
                        command(attr, f)
                            .map_err(|e| format!("commands::{name}::{}: {e}", f.sig.ident))?,
                    );
                }
            }
            _ => {}
        }
    }
    Ok(Module {
        name,
        uses,
        commands,
    })
}

fn is_command(attrs: &[Attribute]) -> bool {
    attrs.iter().any(is_command_attr)
}

fn is_command_attr(attr: &Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"] || segments == ["command"]
}

fn command(attr: &Attribute, f: &syn::ItemFn) -> Result<Command, String> {
    let mut snake_case_keys = false;
    if let syn::Meta::List(_) = attr.meta {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let style: syn::LitStr = meta.value()?.parse()?;
                snake_case_keys = match style.value().as_str() {
                    "snake_case" => true,
                    "camelCase" => false,
                    other => {
                        return Err(
                            meta.error(format!("rename_all = \"{other}\" is not supported here"))
                        );
                    }
                };
            } else {
                // `async`, `root = …`: nothing the window sees.
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }

    let mut args = Vec::new();
    let mut raw_body = false;
    for input in &f.sig.inputs {
        let FnArg::Typed(arg) = input else {
            return Err("a command cannot take `self`".into());
        };
        let Pat::Ident(ident) = &*arg.pat else {
            return Err("name each argument with a plain identifier".into());
        };
        let name = ident.ident.to_string();
        match last_segment(&arg.ty).as_deref() {
            Some(t) if INJECTED.contains(&t) => {}
            Some("Request") => raw_body = true,
            Some("Channel") => {
                return Err("channels are not supported by the wrapper generator".into());
            }
            _ => args.push(Arg {
                key: if snake_case_keys {
                    name.clone()
                } else {
                    camel_case(&name)
                },
                name,
                ty: (*arg.ty).clone(),
            }),
        }
    }
    if raw_body && !args.is_empty() {
        return Err(
            "a command that reads the raw body takes its other arguments as headers".into(),
        );
    }

    let ok = match &f.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => match last_segment(ty).as_deref() {
            Some("CmdResult" | "Result") => first_type_argument(ty)
                .ok_or("the result type has no success type")?
                .clone(),
            _ => (**ty).clone(),
        },
    };

    Ok(Command {
        name: f.sig.ident.to_string(),
        docs: docs(&f.attrs),
        args,
        raw_body,
        ok,
    })
}

fn last_segment(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn first_type_argument(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn docs(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(
                    s.value()
                        .strip_prefix(' ')
                        .map(str::to_string)
                        .unwrap_or(s.value()),
                ),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Tauri's default key for an argument, and a name in TypeScript: `allow_file` → `allowFile`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `$OUT_DIR/commands.rs`, included by `src/commands/mod.rs`.
pub fn rust(modules: &[Module]) -> Result<String, String> {
    let names = modules.iter().flat_map(|m| &m.commands).map(|c| &c.name);
    let paths = modules.iter().flat_map(|m| {
        let module = ident(&m.name);
        m.commands.iter().map(move |c| {
            let f = ident(&c.name);
            quote!(#module::#f)
        })
    });
    let module_names = modules.iter().map(|m| ident(&m.name));
    let signature_modules = modules
        .iter()
        .map(signatures)
        .collect::<Result<Vec<_>, String>>()?;
    let file: syn::File = syn::parse_quote! {
        /// Every command the window may call, by the name it calls it.
        pub const NAMES: &[&str] = &[#(#names),*];

        /// The invoke handler: every command in `src/commands/`.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![#(#paths),*]
        }

        /// Every command's signature in TypeScript's terms (see `crate::bindings`).
        #[cfg(test)]
        pub(crate) fn signatures(cfg: &ts_rs::Config) -> Vec<crate::bindings::Signature> {
            [#(signatures::#module_names::all(cfg)),*].into_iter().flatten().collect()
        }

        /// One module per file of `src/commands/`, importing what that file imports, so each
        /// type resolves here as it does there.
        #[cfg(test)]
        mod signatures {
            #(#signature_modules)*
        }
    };
    Ok(format!(
        "// Generated by build/commands.rs from the #[tauri::command] functions in src/commands; do not edit.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

fn signatures(m: &Module) -> Result<TokenStream, String> {
    let module = ident(&m.name);
    let uses = m
        .uses
        .iter()
        .map(|u| rebase(&m.name, u))
        .collect::<Result<Vec<_>, String>>()?;
    let signatures = m.commands.iter().map(|c| {
        let (name, wrapper, docs, raw_body, ok) =
            (&c.name, camel_case(&c.name), &c.docs, c.raw_body, &c.ok);
        let args = c.args.iter().map(|a| {
            let (param, key, ty) = (camel_case(&a.name), &a.key, &a.ty);
            quote!(crate::bindings::Arg { param: #param, key: #key, ty: crate::bindings::ts::<#ty>(cfg) })
        });
        quote! {
            crate::bindings::Signature {
                name: #name,
                wrapper: #wrapper,
                docs: &[#(#docs),*],
                args: Vec::from([#(#args),*]),
                raw_body: #raw_body,
                ok: crate::bindings::ts::<#ok>(cfg),
            }
        }
    });
    Ok(quote! {
        #[allow(unused_imports)]
        pub(super) mod #module {
            #(#uses)*
            use crate::commands::#module::*;

            pub(crate) fn all(cfg: &ts_rs::Config) -> Vec<crate::bindings::Signature> {
                Vec::from([#(#signatures),*])
            }
        }
    })
}

/// A `use` of the module as seen from `crate::commands::signatures::<module>`: `super::x` →
/// `crate::commands::x`, `self::x` → `crate::commands::<module>::x`.
fn rebase(module: &str, item: &ItemUse) -> Result<ItemUse, String> {
    let mut item = item.clone();
    item.vis = syn::Visibility::Inherited;
    let UseTree::Path(path) = &item.tree else {
        return Ok(item);
    };
    let base = match path.ident.to_string().as_str() {
        "super" => quote!(crate::commands),
        "self" => {
            let module = ident(module);
            quote!(crate::commands::#module)
        }
        _ => return Ok(item),
    };
    if let UseTree::Path(inner) = &*path.tree
        && inner.ident == "super"
    {
        return Err("`use super::super::…` in a command module is not supported".into());
    }
    let rest = &path.tree;
    item.tree = syn::parse2(quote!(#base::#rest)).map_err(|e| e.to_string())?;
    Ok(item)
}

fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

/// The app's `default` permission, which the window's capability grants: every command.
pub fn default_permission(modules: &[Module]) -> String {
    let mut out = String::from(
        "# Generated by build/commands.rs from the #[tauri::command] functions in src/commands; do not edit.\n\n\
         [default]\n\
         description = \"Every command in src/commands.\"\n\
         permissions = [\n",
    );
    for c in modules.iter().flat_map(|m| &m.commands) {
        writeln!(out, "  \"allow-{}\",", c.name.replace('_', "-")).expect("write to a String");
    }
    out.push_str("]\n");
    out
}

/// Writes `contents` unless the file already holds exactly that, so nothing downstream rebuilds.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents)
}
