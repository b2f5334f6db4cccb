//! Every S3 failure is turned into an `Error` here, and only here. Ceph RGW (Spaces) sends
//! codes with empty messages, so the sentence always comes from the code, never the server.

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::error::Error;

/// Map an SDK error. `what` names the thing acted on, e.g. "the Space \"photos\"".
pub fn map_sdk_error<E>(err: SdkError<E, HttpResponse>, what: &str) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            map_code(service.err().code(), status, what)
        }
        SdkError::TimeoutError(_) => Error::Network(format!(
            "The server did not answer in time while reaching {what}. Check your connection and try again."
        )),
        SdkError::DispatchFailure(dispatch) => map_dispatch(dispatch, &err),
        SdkError::ResponseError(_) => Error::Network(format!(
            "The server sent a response that could not be read while reaching {what}. Check that the endpoint is an S3-compatible server."
        )),
        SdkError::ConstructionFailure(_) => Error::InvalidInput(format!(
            "The request for {what} could not be built. Check the account's endpoint and region."
        )),
        _ => Error::Internal(format!("Unexpected failure while reaching {what}.")),
    }
}

fn map_dispatch<E, R>(
    dispatch: &aws_smithy_runtime_api::client::result::DispatchFailure,
    whole: &SdkError<E, R>,
) -> Error
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let chain = error_chain_text(whole);
    if dispatch.is_timeout() {
        return Error::Network(
            "The connection to the server timed out. Check the endpoint URL and your network."
                .into(),
        );
    }
    if looks_like_tls(&chain) {
        return Error::Network(
            "A secure (TLS) connection to the server could not be made: its certificate was not accepted. Check the endpoint URL; for a server with its own certificate, use its correct host name."
                .into(),
        );
    }
    if chain.contains("dns")
        || chain.contains("failed to lookup")
        || chain.contains("name or service")
    {
        return Error::Network(
            "The server's name could not be found. Check the endpoint URL and your network connection."
                .into(),
        );
    }
    Error::Network(
        "The server could not be reached. Check the endpoint URL and your network connection, then try again."
            .into(),
    )
}

fn looks_like_tls(chain: &str) -> bool {
    ["certificate", "tls", "ssl", "handshake", "unknownissuer"]
        .iter()
        .any(|needle| chain.contains(needle))
}

/// Lower-cased text of the whole source chain, used only to classify transport failures.
fn error_chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        text.push_str(&format!("{e} | {e:?} | "));
        current = e.source();
    }
    text.to_lowercase()
}

/// The sentence for an S3 error code (or, for bodiless answers such as HEAD, the status).
pub fn map_code(code: Option<&str>, status: u16, what: &str) -> Error {
    map_known(code, what).unwrap_or_else(|| map_status(status, what))
}

/// The sentence for one key a DeleteObjects call refused: its code has no HTTP status, so
/// a code without a sentence of its own gets a general one naming it.
pub fn map_key_error(code: Option<&str>, what: &str) -> Error {
    map_known(code, what).unwrap_or_else(|| {
        let code = code.filter(|c| !c.is_empty()).unwrap_or("no error code");
        Error::Conflict(format!(
            "The server refused to delete {what} ({code}). Try again; if it keeps refusing, check that this key may delete it."
        ))
    })
}

fn map_known(code: Option<&str>, what: &str) -> Option<Error> {
    Some(match code {
        Some("InvalidAccessKeyId") | Some("InvalidClientTokenId") => Error::AuthFailed(
            "The server does not know this access key. Check that you copied the whole key, and that it was not deleted from your Spaces key list.".into(),
        ),
        Some("SignatureDoesNotMatch") => Error::AuthFailed(
            "The secret key does not match this access key. Check it in your Spaces key list (it is shown only once when the key is made; if lost, make a new key).".into(),
        ),
        Some("RequestTimeTooSkewed") | Some("RequestExpired") => Error::AuthFailed(
            "Your computer's clock is too far from the server's for requests to be accepted. Set the date and time automatically in your system settings, then try again.".into(),
        ),
        Some("AccessDenied") | Some("AllAccessDisabled") => Error::AccessDenied(format!(
            "This key is not allowed to access {what}. Use a key with access to it, or ask its owner to grant it."
        )),
        Some("NoSuchBucket") => Error::NotFound(format!(
            "{} does not exist on this server. Check the name and the account's region.",
            capitalize(what)
        )),
        Some("NoSuchKey") | Some("NotFound") | Some("NoSuchUpload") => {
            Error::NotFound(format!("{} was not found. It may have been deleted or moved.", capitalize(what)))
        }
        Some("BucketAlreadyExists") => Error::Conflict(
            "That Space name is taken. Names are unique across every Spaces user in every region, and the name of a recently destroyed Space stays reserved while its destruction is pending (a week or more): choose another name.".into(),
        ),
        Some("BucketAlreadyOwnedByYou") => Error::Conflict("You already own a Space with that name.".into()),
        Some("BucketNotEmpty") => Error::Conflict(format!(
            "{} is not empty: it still holds files, older versions of files or unfinished uploads. Empty it first, then destroy it.",
            capitalize(what)
        )),
        Some("InvalidBucketName") => Error::InvalidInput(
            "The server refused that Space name: use 3 to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit.".into(),
        ),
        Some("TooManyBuckets") => Error::Conflict(
            "This account has as many Spaces as it may have (100 on DigitalOcean). Destroy one, or ask support to raise the limit.".into(),
        ),
        Some("NoSuchCORSConfiguration") => {
            Error::NotFound(format!("{} has no CORS rules.", capitalize(what)))
        }
        Some("NoSuchLifecycleConfiguration") => {
            Error::NotFound(format!("{} has no lifecycle rules.", capitalize(what)))
        }
        Some("NoSuchBucketPolicy") => Error::NotFound(format!("{} has no bucket policy.", capitalize(what))),
        Some("NoSuchVersion") => Error::NotFound(format!(
            "That version of {what} does not exist any more. Refresh the list of versions."
        )),
        Some("MethodNotAllowed") => Error::InvalidInput(format!(
            "The server does not allow that request on {what}."
        )),
        Some("MalformedPolicy") => Error::InvalidInput(
            "The server refused the bucket policy as malformed. Check its Statement, Effect, Principal, Action and Resource entries.".into(),
        ),
        Some("MalformedXML") => Error::InvalidInput(format!(
            "The server refused the request for {what} as malformed. Check each value sent (origins, methods, days, names) and try again."
        )),
        Some("InvalidTargetBucketForLogging") => Error::InvalidInput(
            "The server refused that logging target: the target Space must exist, be yours, be in the same region, and accept log delivery.".into(),
        ),
        Some("IllegalVersioningConfigurationException") => Error::Conflict(format!(
            "{} cannot change its versioning that way (once on, versioning can only be suspended).",
            capitalize(what)
        )),
        Some("InvalidBucketState") => Error::Conflict(format!(
            "{} is not in a state that allows that request right now.",
            capitalize(what)
        )),
        Some("OperationAborted") => Error::Conflict(format!(
            "Another change to {what} is in progress. Wait a moment and try again."
        )),
        Some("InvalidRequest") => Error::InvalidInput(format!(
            "The server refused the request for {what} as invalid. Check the values given and try again."
        )),
        Some("BadDigest") | Some("InvalidDigest") => Error::Network(format!(
            "The data sent for {what} did not match its checksum (Content-MD5): it may have been damaged on the way. Try again."
        )),
        Some("InvalidLocationConstraint") => Error::InvalidInput(
            "The server does not accept that region for a new Space. Choose one of the regions it offers (for DigitalOcean Spaces: nyc3, sfo2, sfo3, ams3, sgp1, lon1, fra1, tor1, blr1, syd1, atl1).".into(),
        ),
        Some("EntityTooLarge") => Error::InvalidInput(format!(
            "{} is too large for that request (a single copy or upload is at most 5 GB).",
            capitalize(what)
        )),
        Some("SlowDown") | Some("TooManyRequests") | Some("Throttling") => Error::RateLimited(
            "The server asked us to slow down (too many requests). Wait a moment and try again.".into(),
        ),
        Some("PermanentRedirect") | Some("AuthorizationHeaderMalformed") | Some("IllegalLocationConstraintException") => {
            Error::InvalidInput(format!(
                "{} is in another region than this account's endpoint. Add an account for that region to open it.",
                capitalize(what)
            ))
        }
        Some("NotImplemented") | Some("XNotImplemented") | Some("AccessControlListNotSupported") => Error::Unsupported(
            "This server does not support that operation.".into(),
        ),
        _ => return None,
    })
}

fn map_status(status: u16, what: &str) -> Error {
    match status {
        400 => Error::InvalidInput(format!("The server rejected the request for {what} as malformed.")),
        401 | 403 => Error::AccessDenied(format!(
            "This key is not allowed to access {what}. Use a key with access to it, or ask its owner to grant it."
        )),
        404 => Error::NotFound(format!("{} was not found.", capitalize(what))),
        405 => Error::InvalidInput(format!(
            "The server does not allow that request on {what}."
        )),
        301 | 307 => Error::InvalidInput(format!(
            "{} is in another region than this account's endpoint. Add an account for that region to open it.",
            capitalize(what)
        )),
        412 => Error::Conflict(format!(
            "{} changed on the server while it was being read. Try again.",
            capitalize(what)
        )),
        409 => Error::Conflict(format!("{} is in a conflicting state. Try again.", capitalize(what))),
        429 | 503 => Error::RateLimited(
            "The server is busy or asked us to slow down. Wait a moment and try again.".into(),
        ),
        500..=599 => Error::Network(format!(
            "The server had an internal error (HTTP {status}) while handling {what}. Try again in a moment."
        )),
        _ => Error::Internal(format!("The server answered HTTP {status} for {what}.")),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn codes_map_to_kinds() {
        let cases = [
            ("InvalidAccessKeyId", ErrorKind::AuthFailed),
            ("SignatureDoesNotMatch", ErrorKind::AuthFailed),
            ("RequestTimeTooSkewed", ErrorKind::AuthFailed),
            ("AccessDenied", ErrorKind::AccessDenied),
            ("NoSuchBucket", ErrorKind::NotFound),
            ("SlowDown", ErrorKind::RateLimited),
            ("BucketAlreadyExists", ErrorKind::Conflict),
            ("InvalidBucketName", ErrorKind::InvalidInput),
            ("NoSuchCORSConfiguration", ErrorKind::NotFound),
            ("NoSuchLifecycleConfiguration", ErrorKind::NotFound),
            ("NoSuchBucketPolicy", ErrorKind::NotFound),
            ("MalformedPolicy", ErrorKind::InvalidInput),
            ("InvalidTargetBucketForLogging", ErrorKind::InvalidInput),
            ("NoSuchVersion", ErrorKind::NotFound),
        ];
        for (code, kind) in cases {
            assert_eq!(
                map_code(Some(code), 400, "the Space \"a\"").kind(),
                kind,
                "{code}"
            );
        }
    }

    #[test]
    fn shared_sentences_fit_every_caller() {
        for (code, status) in [(Some("MethodNotAllowed"), 405), (None, 405)] {
            let msg = map_code(code, status, "\"a.txt\"").to_string();
            assert_eq!(msg, "The server does not allow that request on \"a.txt\".");
        }
        let state = map_code(Some("InvalidBucketState"), 409, "the Space \"a\"");
        assert_eq!(state.kind(), ErrorKind::Conflict);
        assert!(!state.to_string().contains("versioning"), "{state}");
        for (code, kind) in [
            ("OperationAborted", ErrorKind::Conflict),
            ("InvalidRequest", ErrorKind::InvalidInput),
            ("BadDigest", ErrorKind::Network),
            ("InvalidDigest", ErrorKind::Network),
            ("InvalidLocationConstraint", ErrorKind::InvalidInput),
        ] {
            let e = map_code(Some(code), 400, "the Space \"a\"");
            assert_eq!(e.kind(), kind, "{code}");
            assert!(!e.to_string().contains("HTTP"), "{code}: {e}");
        }
    }

    #[test]
    fn a_refused_key_without_a_sentence_names_its_code_not_a_status() {
        let msg = map_key_error(Some("SomethingNew"), "\"a.txt\"").to_string();
        assert!(
            msg.contains("refused to delete \"a.txt\" (SomethingNew)"),
            "{msg}"
        );
        assert!(!msg.contains("HTTP"), "{msg}");
        assert!(map_key_error(None, "\"a\"")
            .to_string()
            .contains("no error code"));
        let known = map_key_error(Some("AccessDenied"), "\"a\"");
        assert_eq!(known.kind(), ErrorKind::AccessDenied);
    }

    #[test]
    fn secret_and_key_errors_say_different_things() {
        let unknown = map_code(Some("InvalidAccessKeyId"), 403, "x").to_string();
        let mismatch = map_code(Some("SignatureDoesNotMatch"), 403, "x").to_string();
        assert!(unknown.contains("does not know this access key"));
        assert!(mismatch.contains("secret key does not match"));
    }

    #[test]
    fn a_taken_name_says_names_are_global_and_stay_reserved() {
        let msg = map_code(Some("BucketAlreadyExists"), 409, "x").to_string();
        assert!(msg.contains("unique across every Spaces user"), "{msg}");
        assert!(msg.contains("stays reserved"), "{msg}");
    }

    #[test]
    fn bodiless_status_falls_back() {
        assert_eq!(map_code(None, 403, "x").kind(), ErrorKind::AccessDenied);
        assert_eq!(map_code(None, 404, "x").kind(), ErrorKind::NotFound);
        assert_eq!(map_code(Some(""), 503, "x").kind(), ErrorKind::RateLimited);
        assert_eq!(map_code(None, 502, "x").kind(), ErrorKind::Network);
    }

    #[test]
    fn not_found_message_names_the_thing() {
        let msg = map_code(Some("NoSuchBucket"), 404, "the Space \"logs\"").to_string();
        assert!(
            msg.starts_with("The Space \"logs\" does not exist"),
            "{msg}"
        );
    }
}
