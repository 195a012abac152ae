//! Helpers the engine's unit tests share.

use serde_json::Value as Json;

use crate::Store;

/// Saves a record through the form's path from a JSON object; its id. A test's own
/// fixture: a refusal is the test's mistake, so it panics with the kind and the reason.
pub(crate) fn add(s: &mut Store, kind: &str, v: Json) -> String {
    let Json::Object(fields) = v else {
        panic!("{kind}: the fields must be a JSON object")
    };
    s.create(kind, &fields)
        .unwrap_or_else(|e| panic!("{kind}: {e}"))
        .id
}
