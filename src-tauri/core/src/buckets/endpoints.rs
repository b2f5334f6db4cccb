//! The addresses the Settings view shows: the endpoint third-party tools are configured with,
//! the Space's origin URL, and its CDN URL when the user has said the CDN is on.

use serde::Serialize;
use ts_rs::TS;

use crate::client::endpoint_of;
use crate::model::Provider;
use crate::share::urls::{cdn_url, origin_url};
use crate::space_prefs::SpacePrefs;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SpaceUrls {
    /// e.g. https://ams3.digitaloceanspaces.com
    pub endpoint: String,
    /// e.g. https://my-space.ams3.digitaloceanspaces.com
    pub origin: String,
    /// The CDN (or custom CDN domain) address, when set in the Space's prefs.
    pub cdn: Option<String>,
}

pub fn space_urls(provider: &Provider, bucket: &str, prefs: &SpacePrefs) -> SpaceUrls {
    let base = |url: String| url.trim_end_matches('/').to_owned();
    SpaceUrls {
        endpoint: endpoint_of(provider).0,
        origin: base(origin_url(provider, bucket, "")),
        cdn: cdn_url(provider, bucket, "", prefs).map(base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_addresses() {
        let p = Provider::DigitalOcean {
            region: "ams3".into(),
        };
        let off = space_urls(&p, "media", &SpacePrefs::default());
        assert_eq!(off.endpoint, "https://ams3.digitaloceanspaces.com");
        assert_eq!(off.origin, "https://media.ams3.digitaloceanspaces.com");
        assert_eq!(off.cdn, None);
        let on = SpacePrefs {
            cdn_enabled: true,
            cdn_domain: None,
        };
        assert_eq!(
            space_urls(&p, "media", &on).cdn.as_deref(),
            Some("https://media.ams3.cdn.digitaloceanspaces.com")
        );
    }
}
