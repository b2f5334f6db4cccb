//! The real OS keychain (Secret Service on Linux). `make test` runs these inside a private
//! D-Bus session with an unlocked GNOME Keyring; plain `cargo test` skips them.

use std::sync::Arc;

use spaceport_core::account::AccountStore;
use spaceport_core::keychain::{KeyringStore, Secret, SecretStore};
use spaceport_core::model::{AccountDraft, Provider};
use spaceport_core::ErrorKind;

fn store() -> KeyringStore {
    KeyringStore::new(format!("Spaceport-test-{}", uuid::Uuid::new_v4().simple()))
}

#[test]
#[ignore = "needs a Secret Service: run by `make test` in a D-Bus session with GNOME Keyring"]
fn store_read_replace_delete() {
    let keychain = store();
    let id = "account-1";
    assert_eq!(
        keychain.get(id).expect_err("empty").kind(),
        ErrorKind::Keychain
    );
    keychain
        .set(id, &Secret::new("first secret"))
        .expect("store");
    assert_eq!(keychain.get(id).expect("read").expose(), "first secret");
    keychain
        .set(id, &Secret::new("second/secret+="))
        .expect("replace");
    assert_eq!(
        keychain.get(id).expect("read again").expose(),
        "second/secret+="
    );
    keychain.delete(id).expect("delete");
    assert!(keychain.get(id).is_err());
    keychain.delete(id).expect("deleting twice is fine");
}

#[test]
#[ignore = "needs a Secret Service: run by `make test` in a D-Bus session with GNOME Keyring"]
fn accounts_keep_secrets_in_the_keychain_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let keychain = Arc::new(store());
    let accounts = AccountStore::new(dir.path().to_path_buf(), keychain.clone());
    let secret = "Zq9-known-secret-for-scan-7f3a";
    let account = accounts
        .add(AccountDraft {
            name: "Keychain test".into(),
            provider: Provider::DigitalOcean {
                region: "fra1".into(),
            },
            access_key_id: "DO00EXAMPLEKEY".into(),
            secret_key: Secret::new(secret),
        })
        .expect("add");
    assert_eq!(
        keychain.get(&account.id).expect("in keychain").expose(),
        secret
    );
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(secret),
            "secret found in {}",
            entry.display()
        );
    }
    accounts.remove(&account.id).expect("remove");
    assert!(
        keychain.get(&account.id).is_err(),
        "removal deletes the keychain entry"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
