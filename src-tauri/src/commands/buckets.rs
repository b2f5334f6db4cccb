//! Managing Spaces: create, destroy, storage usage, the Settings view's settings, and a
//! file's versions. Long actions take an `op_id` (for `cancel_op`) and a Channel that hears
//! their progress, as object actions do.

use std::path::PathBuf;

use spaceport_core::buckets::cors::{self, CorsRule};
use spaceport_core::buckets::create::{self, NewSpace};
use spaceport_core::buckets::destroy::{self, DestroyReport, SpaceContents};
use spaceport_core::buckets::endpoints::{self, SpaceUrls};
use spaceport_core::buckets::lifecycle::{self, LifecycleRule};
use spaceport_core::buckets::listing::{self, FileListing};
use spaceport_core::buckets::logging::{self, AccessLogging};
use spaceport_core::buckets::usage::{self, CostEstimate, SpaceUsage, UsageCache};
use spaceport_core::buckets::versioning::{self, Versioning};
use spaceport_core::buckets::versions::{self, DeletedFile, ObjectVersion};
use spaceport_core::buckets::{names, policy};
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::model::SpaceInfo;
use spaceport_core::objects::{Ctx, OpProgress, OpReport};
use spaceport_core::Result;
use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use crate::commands::objects::with_op;
use crate::state::AppState;

fn ctx<'a>(state: &'a AppState, s3: &'a S3) -> Ctx<'a> {
    Ctx {
        s3,
        sched: &state.sched,
    }
}

fn usage_cache(state: &AppState) -> Result<UsageCache> {
    Ok(UsageCache::new(&state.config_dir()?))
}

/// Update the usage cache after the action it records succeeded: a cache that cannot be
/// written is logged, and does not turn that success into an error.
fn keep_cache(state: &AppState, update: impl FnOnce(&UsageCache) -> Result<()>) {
    if let Err(e) = usage_cache(state).and_then(|c| update(&c)) {
        tracing::warn!(error = %e, "the storage usage cache was not updated");
    }
}

/// What is wrong with a new Space's name as typed, or null when it follows the rules.
#[tauri::command]
pub fn space_name_problem(
    state: State<'_, AppState>,
    account_id: String,
    name: String,
) -> Result<Option<String>> {
    let account = state.accounts().get(&account_id)?;
    Ok(names::name_problem(
        &name,
        names::is_spaces(&account.provider),
    ))
}

/// Make a Space, in `space.region` when given (through that region's endpoint).
#[tauri::command]
pub async fn create_space(
    state: State<'_, AppState>,
    account_id: String,
    space: NewSpace,
) -> Result<SpaceInfo> {
    let saved = state.accounts().get(&account_id)?;
    let account = create::account_in_region(&saved, space.region.as_deref())?;
    let secret = state.accounts().secret(&account_id)?;
    let s3 = S3::new(&account, &secret, ClientOptions::interactive());
    create::create_space(ctx(&state, &s3), &account.provider, &space).await
}

/// What the Space holds: the destroy dialog's numbers.
#[tauri::command]
pub async fn count_space_contents(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<SpaceContents> {
    let s3 = state.client(&account_id)?;
    let ctx = ctx(&state, &s3);
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        destroy::count_contents(ctx, &bucket, &cancel, &*on).await
    })
    .await
}

/// Destroy the Space; with `force`, delete everything in it first, but nothing at all when
/// it holds more than `expected` (the counted contents the user confirmed; null: no check).
#[tauri::command]
pub async fn destroy_space(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    force: bool,
    expected: Option<SpaceContents>,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<DestroyReport> {
    let s3 = state.client(&account_id)?;
    let account = state.accounts().get(&account_id)?;
    let ctx = ctx(&state, &s3);
    let space = bucket.clone();
    let report = with_op(&state, &op_id, on_progress, |cancel, on| async move {
        let expected = expected.as_ref();
        destroy::destroy_space(
            ctx,
            &account.provider,
            &space,
            force,
            expected,
            &cancel,
            &*on,
        )
        .await
    })
    .await?;
    if report.destroyed {
        keep_cache(&state, |c| c.forget(&account_id, &bucket));
    }
    Ok(report)
}

/// Measure storage usage under `prefix` ("" for the whole Space) and keep it in the cache.
#[tauri::command]
pub async fn space_usage(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefix: String,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<SpaceUsage> {
    let s3 = state.client(&account_id)?;
    let ctx = ctx(&state, &s3);
    let measured = with_op(&state, &op_id, on_progress, |cancel, on| async move {
        usage::measure(ctx, &bucket, &prefix, &cancel, &*on).await
    })
    .await?;
    keep_cache(&state, |c| c.put(&account_id, &measured));
    Ok(measured)
}

/// The last measure of a Space or folder, with its time; null when never measured.
#[tauri::command]
pub fn cached_space_usage(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefix: String,
) -> Result<Option<SpaceUsage>> {
    usage_cache(&state)?.get(&account_id, &bucket, &prefix)
}

/// Spaces' published monthly price for storing and sending this much (an estimate).
#[tauri::command]
pub fn estimate_space_cost(stored_bytes: u64, outbound_bytes: u64) -> CostEstimate {
    usage::estimate_cost(stored_bytes, outbound_bytes)
}

/// The endpoint, origin URL and (when set in the Space's prefs) CDN URL.
#[tauri::command]
pub fn space_urls(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<SpaceUrls> {
    let account = state.accounts().get(&account_id)?;
    let prefs = state.space_prefs()?.get(&account_id, &bucket)?;
    Ok(endpoints::space_urls(&account.provider, &bucket, &prefs))
}

#[tauri::command]
pub async fn space_file_listing(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<FileListing> {
    let s3 = state.client(&account_id)?;
    listing::get_listing(ctx(&state, &s3), &bucket).await
}

#[tauri::command]
pub async fn set_space_file_listing(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    listing: FileListing,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    listing::set_listing(ctx(&state, &s3), &bucket, listing).await
}

#[tauri::command]
pub async fn space_cors(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Vec<CorsRule>> {
    let s3 = state.client(&account_id)?;
    cors::get_cors(ctx(&state, &s3), &bucket).await
}

/// Replace the CORS rules (checked first); an empty list removes CORS.
#[tauri::command]
pub async fn set_space_cors(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    rules: Vec<CorsRule>,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    cors::set_cors(ctx(&state, &s3), &bucket, &rules).await
}

#[tauri::command]
pub async fn space_lifecycle(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Vec<LifecycleRule>> {
    let s3 = state.client(&account_id)?;
    lifecycle::get_lifecycle(ctx(&state, &s3), &bucket).await
}

/// Replace the lifecycle rules (checked first); an empty list removes them.
#[tauri::command]
pub async fn set_space_lifecycle(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    rules: Vec<LifecycleRule>,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    lifecycle::set_lifecycle(ctx(&state, &s3), &bucket, &rules).await
}

#[tauri::command]
pub async fn space_versioning(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Versioning> {
    let s3 = state.client(&account_id)?;
    versioning::get_versioning(ctx(&state, &s3), &bucket).await
}

#[tauri::command]
pub async fn set_space_versioning(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    versioning: Versioning,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    versioning::set_versioning(ctx(&state, &s3), &bucket, versioning).await
}

/// The bucket policy as pretty JSON; null when there is none.
#[tauri::command]
pub async fn space_policy(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Option<String>> {
    let s3 = state.client(&account_id)?;
    policy::get_policy(ctx(&state, &s3), &bucket).await
}

/// Replace the policy (checked first); null or blank removes it.
#[tauri::command]
pub async fn set_space_policy(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    policy: Option<String>,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    policy::set_policy(ctx(&state, &s3), &bucket, policy.as_deref()).await
}

/// Where access logs go; null when logging is off.
#[tauri::command]
pub async fn space_logging(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
) -> Result<Option<AccessLogging>> {
    let s3 = state.client(&account_id)?;
    logging::get_logging(ctx(&state, &s3), &bucket).await
}

#[tauri::command]
pub async fn set_space_logging(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    target: Option<AccessLogging>,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    logging::set_logging(ctx(&state, &s3), &bucket, target.as_ref()).await
}

/// Every version of a file, newest first (delete markers included).
#[tauri::command]
pub async fn list_versions(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
) -> Result<Vec<ObjectVersion>> {
    let s3 = state.client(&account_id)?;
    let cancel = CancellationToken::new();
    versions::list_versions(ctx(&state, &s3), &bucket, &key, &cancel).await
}

/// Copy a version over the latest; answers the new latest version's id.
#[tauri::command]
pub async fn restore_version(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    version_id: String,
) -> Result<Option<String>> {
    let s3 = state.client(&account_id)?;
    versions::restore_version(ctx(&state, &s3), &bucket, &key, &version_id).await
}

#[tauri::command]
pub async fn delete_version(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    version_id: String,
) -> Result<()> {
    let s3 = state.client(&account_id)?;
    versions::delete_version(ctx(&state, &s3), &bucket, &key, &version_id).await
}

/// Save one version to `dest` (a path from the save dialog); answers the bytes written.
#[tauri::command]
pub async fn download_version(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    key: String,
    version_id: String,
    dest: PathBuf,
) -> Result<u64> {
    let s3 = state.client(&account_id)?;
    versions::download_version(ctx(&state, &s3), &bucket, &key, &version_id, &dest).await
}

/// The deleted files (latest version a delete marker) directly in a folder.
#[tauri::command]
pub async fn deleted_files(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    prefix: String,
) -> Result<Vec<DeletedFile>> {
    let s3 = state.client(&account_id)?;
    let cancel = CancellationToken::new();
    versions::deleted_files(ctx(&state, &s3), &bucket, &prefix, &cancel).await
}

/// Bring deleted files back (their delete markers are deleted).
#[tauri::command]
pub async fn undelete_files(
    state: State<'_, AppState>,
    account_id: String,
    bucket: String,
    files: Vec<DeletedFile>,
    op_id: String,
    on_progress: Channel<OpProgress>,
) -> Result<OpReport> {
    let s3 = state.client(&account_id)?;
    let ctx = ctx(&state, &s3);
    with_op(&state, &op_id, on_progress, |cancel, on| async move {
        versions::undelete(ctx, &bucket, &files, &cancel, &*on).await
    })
    .await
}
