//! Tests of the catalogue: its JSON, the order of kinds, unique names and codes.

use super::*;
use std::collections::HashSet;

#[test]
fn the_catalogue_json_describes_every_field() {
    let c = catalogue_json();
    let kinds = c["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), ALL.len());
    let member = kinds.iter().find(|k| k["name"] == "member").unwrap();
    let role = member["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "role")
        .unwrap();
    assert_eq!(role["type"], "choice");
    assert_eq!(
        role["choices"][0],
        serde_json::json!(["to_truong", "Tổ trưởng"])
    );
    let team = member["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "team_id")
        .unwrap();
    assert_eq!(team["ref"], "team");
    let activity = kinds.iter().find(|k| k["name"] == "activity").unwrap();
    let reporter = activity["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "reporter")
        .unwrap();
    assert_eq!(reporter["sensitivity"], "confidential");
}

#[test]
fn parents_come_before_children() {
    for (i, kind) in ALL.iter().enumerate() {
        for parent in kind.parents() {
            let pos = ALL.iter().position(|k| k.name == parent).expect(parent);
            assert!(
                pos <= i,
                "{} refers to {} which comes later",
                kind.name,
                parent
            );
        }
    }
}

#[test]
fn names_are_unique_and_choice_codes_are_unique() {
    let mut kinds = HashSet::new();
    for kind in ALL {
        assert!(kinds.insert(kind.name));
        let mut fields = HashSet::new();
        for field in kind.fields {
            assert!(fields.insert(field.name), "{}.{}", kind.name, field.name);
            if let FieldType::Choice(list) = field.ty {
                let codes: HashSet<_> = list.iter().map(|(c, _)| c).collect();
                assert_eq!(codes.len(), list.len(), "{}.{}", kind.name, field.name);
            }
        }
    }
    assert_eq!(ETHNICITIES.len(), 56);
    // The importer keys its statement cache on a 64-bit mask of present fields.
    assert!(ALL.iter().all(|k| k.fields.len() <= 64));
}
