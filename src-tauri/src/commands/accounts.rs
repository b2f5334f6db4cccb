use spaceport_core::browse;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::model::{Account, AccountDraft, ConnectionReport};
use spaceport_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_accounts(state: State<'_, AppState>) -> Result<Vec<Account>> {
    state.accounts().list()
}

/// Check a draft before saving. When editing with the secret left blank, `account_id`
/// says whose stored secret to use.
#[tauri::command]
pub async fn test_connection(
    state: State<'_, AppState>,
    draft: AccountDraft,
    account_id: Option<String>,
) -> Result<ConnectionReport> {
    let (profile, secret) =
        spaceport_core::account::probe_profile(state.accounts(), draft, account_id.as_deref())?;
    browse::test_connection(&S3::new(&profile, &secret, ClientOptions::probe())).await
}

#[tauri::command(async)]
pub fn add_account(state: State<'_, AppState>, draft: AccountDraft) -> Result<Account> {
    state.accounts().add(draft)
}

#[tauri::command(async)]
pub fn update_account(
    state: State<'_, AppState>,
    id: String,
    draft: AccountDraft,
) -> Result<Account> {
    let account = state.accounts().update(&id, draft)?;
    state.forget_client(&id)?;
    Ok(account)
}

#[tauri::command(async)]
pub fn remove_account(state: State<'_, AppState>, id: String) -> Result<()> {
    state.accounts().remove(&id)?;
    state.forget_client(&id)
}

#[tauri::command(async)]
pub fn add_space(state: State<'_, AppState>, account_id: String, space: String) -> Result<Account> {
    state.accounts().add_space(&account_id, space.trim())
}

#[tauri::command(async)]
pub fn forget_space(
    state: State<'_, AppState>,
    account_id: String,
    space: String,
) -> Result<Account> {
    state.accounts().forget_space(&account_id, &space)
}
