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
use crate::transfer::scheduler::Lane;

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

/// DigitalOcean Spaces, picked by region or given as an "other S3" endpoint URL.
fn is_spaces(provider: &Provider) -> bool {
    let (endpoint, _) = endpoint_of(provider);
    let host = url::Url::parse(&endpoint)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    matches!(provider, Provider::DigitalOcean { .. }) || host.ends_with(".digitaloceanspaces.com")
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
    spaces: bool,
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
            spaces: is_spaces(&account.provider),
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

    /// Whose request limits apply: DigitalOcean's published rate for Spaces, none otherwise.
    pub fn lane(&self) -> Lane {
        if self.spaces {
            Lane::Spaces
        } else {
            Lane::OtherServer
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

#[cfg(test)]
mod tests {
    use super::*;

    fn provider_lane(provider: Provider) -> Lane {
        let account = Account {
            id: "a".into(),
            name: "a".into(),
            provider,
            access_key_id: "KEY".into(),
            added_spaces: vec![],
        };
        S3::new(
            &account,
            &Secret::new(String::from("s")),
            ClientOptions::interactive(),
        )
        .lane()
    }

    fn other(endpoint: &str) -> Provider {
        Provider::S3Compatible {
            endpoint: endpoint.into(),
            region: "us-east-1".into(),
            path_style: true,
        }
    }

    #[test]
    fn spaces_rate_limits_apply_to_spaces_endpoints_only() {
        let spaces = Provider::DigitalOcean {
            region: "nyc3".into(),
        };
        assert_eq!(provider_lane(spaces), Lane::Spaces);
        let by_url = other("https://ams3.digitaloceanspaces.com");
        assert_eq!(provider_lane(by_url), Lane::Spaces);
        assert_eq!(
            provider_lane(other("http://127.0.0.1:9000")),
            Lane::OtherServer
        );
        let lookalike = other("https://digitaloceanspaces.com.example.org");
        assert_eq!(provider_lane(lookalike), Lane::OtherServer);
    }
}
