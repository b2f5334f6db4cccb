//! Where a file can be fetched without signing: its origin URL, and its CDN URL when the
//! user has said the Space's CDN is on (or gave a custom CDN domain).

use crate::model::Provider;
use crate::names::needs_path_style;
use crate::objects::keys::encode_key;
use crate::space_prefs::SpacePrefs;

pub fn origin_url(provider: &Provider, bucket: &str, key: &str) -> String {
    let path = encode_key(key);
    match provider {
        Provider::DigitalOcean { region } => {
            format!("https://{bucket}.{region}.digitaloceanspaces.com/{path}")
        }
        Provider::S3Compatible {
            endpoint,
            path_style,
            ..
        } => {
            let endpoint = endpoint.trim_end_matches('/');
            match endpoint.split_once("://") {
                Some((scheme, host)) if !*path_style && !needs_path_style(bucket) => {
                    format!("{scheme}://{bucket}.{host}/{path}")
                }
                _ => format!("{endpoint}/{bucket}/{path}"),
            }
        }
    }
}

/// The CDN URL: the custom domain if one is set, else Spaces' CDN host if the CDN is on.
pub fn cdn_url(provider: &Provider, bucket: &str, key: &str, prefs: &SpacePrefs) -> Option<String> {
    let path = encode_key(key);
    if let Some(domain) = prefs.cdn_domain.as_deref().filter(|d| !d.is_empty()) {
        let domain = domain.trim_end_matches('/');
        let base = if domain.contains("://") {
            domain.to_owned()
        } else {
            format!("https://{domain}")
        };
        return Some(format!("{base}/{path}"));
    }
    match provider {
        Provider::DigitalOcean { region } if prefs.cdn_enabled => Some(format!(
            "https://{bucket}.{region}.cdn.digitaloceanspaces.com/{path}"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spaces() -> Provider {
        Provider::DigitalOcean {
            region: "ams3".into(),
        }
    }

    #[test]
    fn spaces_urls() {
        assert_eq!(
            origin_url(&spaces(), "pics", "a b/ü.png"),
            "https://pics.ams3.digitaloceanspaces.com/a%20b/%C3%BC.png"
        );
        let off = SpacePrefs::default();
        assert_eq!(cdn_url(&spaces(), "pics", "x", &off), None);
        let on = SpacePrefs {
            cdn_enabled: true,
            ..SpacePrefs::default()
        };
        assert_eq!(
            cdn_url(&spaces(), "pics", "x+y", &on).as_deref(),
            Some("https://pics.ams3.cdn.digitaloceanspaces.com/x%2By")
        );
        let custom = SpacePrefs {
            cdn_enabled: true,
            cdn_domain: Some("cdn.example.com".into()),
        };
        assert_eq!(
            cdn_url(&spaces(), "pics", "x", &custom).as_deref(),
            Some("https://cdn.example.com/x")
        );
    }

    #[test]
    fn other_servers() {
        let path = Provider::S3Compatible {
            endpoint: "http://127.0.0.1:9000/".into(),
            region: "r".into(),
            path_style: true,
        };
        assert_eq!(
            origin_url(&path, "b", "k#1"),
            "http://127.0.0.1:9000/b/k%231"
        );
        let vhost = Provider::S3Compatible {
            endpoint: "https://s3.example.com".into(),
            region: "r".into(),
            path_style: false,
        };
        assert_eq!(origin_url(&vhost, "b", "k"), "https://b.s3.example.com/k");
        assert_eq!(
            origin_url(&vhost, "b.c", "k"),
            "https://s3.example.com/b.c/k"
        );
    }
}
