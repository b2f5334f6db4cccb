//! The About box lists the licenses of every bundled dependency from ui/src/lib/licenses.json,
//! which scripts/licenses.py writes from Cargo.lock and ui/package-lock.json. This fails when a
//! dependency changed and the list was not written again.

use std::path::Path;
use std::process::Command;

#[test]
fn the_committed_license_list_matches_the_lock_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("python3")
        .arg(root.join("scripts/licenses.py"))
        .arg("--check")
        .current_dir(&root)
        .output()
        .expect("python3 runs scripts/licenses.py");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // And the list is what the About box needs: names, versions and licenses of both kinds.
    let text = std::fs::read_to_string(root.join("ui/src/lib/licenses.json")).expect("read");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
    let has = |kind: &str, name: &str| {
        rows.iter()
            .any(|r| r["kind"] == kind && r["name"] == name && r["license"].is_string())
    };
    assert!(has("rust", "tauri") && has("rust", "aws-sdk-s3") && has("rust", "tokio"));
    assert!(has("npm", "@tauri-apps/api") && has("npm", "svelte"));
    // Not the workspace's own crates.
    assert!(!has("rust", "spaceport-core") && !has("rust", "spaceport"));
}
