//! One aws-sdk-s3 client pair per account: endpoint, region, addressing, retries, timeouts.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::Client;

use crate::keychain::Secret;
use crate::model::{Account, Provider};
use crate::names::needs_path_style;

/// How patient a client is. `interactive()` for browsing; `probe()` answers fast for
/// "Test connection" so an unreachable endpoint is reported in seconds, not minutes.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    pub max_attempts: u32,
    pub connect_timeout: Duration,
    /// None for transfers: a part on a slow link may rightly take minutes. Stalls are
    /// caught by the SDK's stalled-stream protection instead.
    pub attempt_timeout: Option<Duration>,
    /// The whole operation, retries included.
    pub operation_timeout: Option<Duration>,
}

impl ClientOptions {
    pub fn interactive() -> Self {
        ClientOptions {
            max_attempts: 5,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Some(Duration::from_secs(30)),
            operation_timeout: Some(Duration::from_secs(120)),
        }
    }
    pub fn probe() -> Self {
        ClientOptions {
            max_attempts: 1,
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Some(Duration::from_secs(15)),
            operation_timeout: Some(Duration::from_secs(15)),
        }
    }
    /// For uploads and downloads: retries per part, no clock on a part's duration.
    pub fn transfers() -> Self {
        ClientOptions {
            max_attempts: 6,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: None,
            operation_timeout: None,
        }
    }
}

/// The endpoint (scheme + host) and signing region of a provider.
pub fn endpoint_of(provider: &Provider) -> (String, String) {
    match provider {
        Provider::DigitalOcean { region } => (
            format!("https://{region}.digitaloceanspaces.com"),
            // Spaces ignores the signing region; the SDKs' documented value is us-east-1.
            "us-east-1".to_owned(),
        ),
        Provider::S3Compatible {
            endpoint, region, ..
        } => (endpoint.clone(), region.clone()),
    }
}

/// A region label to show beside a Space.
pub fn region_label(provider: &Provider) -> String {
    match provider {
        Provider::DigitalOcean { region } => region.clone(),
        Provider::S3Compatible { region, .. } => region.clone(),
    }
}

#[derive(Clone, Debug)]
pub struct S3 {
    endpoint: String,
    virtual_hosted: Client,
    path_style: Client,
    prefer_path_style: bool,
}

impl S3 {
    pub fn new(account: &Account, secret: &Secret, options: ClientOptions) -> Self {
        let prefer_path_style = match &account.provider {
            Provider::DigitalOcean { .. } => false,
            Provider::S3Compatible { path_style, .. } => *path_style,
        };
        S3 {
            endpoint: endpoint_of(&account.provider).0,
            virtual_hosted: build(account, secret, options, false),
            path_style: build(account, secret, options, true),
            prefer_path_style,
        }
    }

    /// The client to use for operations on `bucket`.
    pub fn for_bucket(&self, bucket: &str) -> &Client {
        if self.prefer_path_style || needs_path_style(bucket) {
            &self.path_style
        } else {
            &self.virtual_hosted
        }
    }

    /// The endpoint URL this client talks to (identifies the server in journals).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The client for account-wide calls (ListBuckets).
    pub fn service(&self) -> &Client {
        if self.prefer_path_style {
            &self.path_style
        } else {
            &self.virtual_hosted
        }
    }
}

fn build(account: &Account, secret: &Secret, options: ClientOptions, path_style: bool) -> Client {
    let (endpoint, region) = endpoint_of(&account.provider);
    let credentials = Credentials::new(
        account.access_key_id.clone(),
        secret.expose().to_owned(),
        None,
        None,
        "spaceport-keychain",
    );
    let mut timeouts = TimeoutConfig::builder().connect_timeout(options.connect_timeout);
    if let Some(t) = options.attempt_timeout {
        timeouts = timeouts.operation_attempt_timeout(t);
    }
    if let Some(t) = options.operation_timeout {
        timeouts = timeouts.operation_timeout(t);
    }
    let timeouts = timeouts.build();
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(region))
        .credentials_provider(credentials)
        .force_path_style(path_style)
        // Ceph RGW (Spaces) rejects aws-chunked CRC trailers: checksums only when required.
        .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
        .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
        .retry_config(RetryConfig::standard().with_max_attempts(options.max_attempts))
        .timeout_config(timeouts)
        .build();
    Client::from_conf(config)
}
