//! Tauri's build step, fed from the one list of commands: the `#[tauri::command]` functions in
//! `src/commands/`. From them it writes the invoke handler (`$OUT_DIR/commands.rs`), gives the app
//! manifest their names (each gets an `allow-…` permission) and makes the app's `default`
//! permission, which `capabilities/main.json` grants the window, allow every one of them. A
//! command cannot be in one of these and missing from another.

mod commands;

use std::{env, path::PathBuf};

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=src/commands");
    let modules = commands::read("src/commands".as_ref())
        .unwrap_or_else(|e| panic!("reading the commands: {e}"));

    let rust = commands::rust(&modules).unwrap_or_else(|e| panic!("writing the handler: {e}"));
    commands::write_if_changed(&out_dir.join("commands.rs"), &rust).expect("write commands.rs");

    let permissions = out_dir.join("app-permissions");
    std::fs::create_dir_all(&permissions).expect("app-permissions dir");
    let default = permissions.join("default.toml");
    commands::write_if_changed(&default, &commands::default_permission(&modules))
        .expect("write default.toml");

    // tauri-build wants 'static names; a build script ends right after, so leaking is free.
    let names: Vec<&'static str> = modules
        .iter()
        .flat_map(|m| &m.commands)
        .map(|c| &*c.name.clone().leak())
        .collect();
    let pattern: &'static str = default.to_string_lossy().into_owned().leak();
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(
            tauri_build::AppManifest::new()
                .commands(names.leak())
                .permissions_path_pattern(pattern),
        ),
    )
    .expect("tauri build step");
}
