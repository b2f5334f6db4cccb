//! "Test connection" tells apart the ways a connection fails, against real servers.

mod common;

use spaceport_core::browse::test_connection;
use spaceport_core::client::{ClientOptions, S3};
use spaceport_core::keychain::Secret;
use spaceport_core::model::Provider;
use spaceport_core::ErrorKind;

fn probe(endpoint: &str, key: &str, secret: &str) -> S3 {
    let mut account = common::account_for(common::server(), key);
    account.provider = Provider::S3Compatible {
        endpoint: endpoint.into(),
        region: "us-east-1".into(),
        path_style: true,
    };
    S3::new(&account, &Secret::new(secret), ClientOptions::probe())
}

#[tokio::test]
async fn right_keys_connect() {
    let server = common::auth_server();
    let report = test_connection(&probe(
        &server.endpoint,
        &server.access_key,
        &server.secret_key,
    ))
    .await
    .expect("connects");
    assert!(report.can_list_spaces);
    assert!(
        report.message.starts_with("Connected."),
        "{}",
        report.message
    );
}

#[tokio::test]
async fn wrong_secret_is_told_apart_from_unknown_key() {
    let server = common::auth_server();
    let wrong_secret = test_connection(&probe(
        &server.endpoint,
        &server.access_key,
        "not-the-secret",
    ))
    .await
    .expect_err("wrong secret");
    assert_eq!(wrong_secret.kind(), ErrorKind::AuthFailed);
    assert!(
        wrong_secret
            .to_string()
            .contains("secret key does not match"),
        "{wrong_secret}"
    );

    let unknown = test_connection(&probe(&server.endpoint, "AKIAUNKNOWNKEY000000", "whatever"))
        .await
        .expect_err("unknown key");
    assert_eq!(unknown.kind(), ErrorKind::AuthFailed);
    assert!(
        unknown
            .to_string()
            .contains("does not know this access key"),
        "{unknown}"
    );
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let err = test_connection(&probe(&format!("http://127.0.0.1:{port}"), "k", "s"))
        .await
        .expect_err("closed port");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().contains("could not be reached"), "{err}");
}

#[tokio::test]
async fn tls_failure_is_named() {
    // moto speaks plain HTTP: a TLS handshake with it fails.
    let server = common::server();
    let https = server.endpoint.replace("http://", "https://");
    let err = test_connection(&probe(&https, "k", "s"))
        .await
        .expect_err("tls");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().contains("TLS"), "{err}");
}
