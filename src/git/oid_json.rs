//! Object ids in JSON (the notes, the operation state) as git prints them: the full 40 (or
//! 64, for SHA-256) hex digits, checked when read. git2's own parser accepts a short prefix and
//! pads it with zeros, which would turn a note's `"abc"` into some other object's id.
//! Use with `#[serde(with = "oid_json")]`, `oid_json::option` or `oid_json::list`.

use git2::Oid;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

/// Parses a full object id; anything else is refused by what it is.
pub fn parse(text: &str) -> Result<Oid, String> {
    let full = matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit());
    match full.then(|| Oid::from_str(text).ok()).flatten() {
        Some(oid) => Ok(oid),
        None => Err(format!(
            "'{}' is not a full object id",
            crate::ui::clip(&crate::ui::sanitize(text), 80)
        )),
    }
}

pub fn serialize<S: Serializer>(oid: &Oid, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(oid)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Oid, D::Error> {
    parse(&String::deserialize(deserializer)?).map_err(D::Error::custom)
}

/// `Option<Oid>`, `null` when absent.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(oid: &Option<Oid>, serializer: S) -> Result<S::Ok, S::Error> {
        match oid {
            Some(oid) => serializer.collect_str(oid),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Oid>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| parse(&text).map_err(D::Error::custom))
            .transpose()
    }
}

/// `Vec<Oid>`.
pub mod list {
    use serde::ser::SerializeSeq;

    use super::*;

    pub fn serialize<S: Serializer>(oids: &[Oid], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(oids.len()))?;
        for oid in oids {
            seq.serialize_element(&oid.to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Oid>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| parse(text).map_err(D::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn only_full_ids_are_accepted() {
        let full = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(parse(full).unwrap().to_string(), full);
        assert!(parse(&full.to_uppercase()).is_ok());
        for bad in ["abc", "", "-Bmain", &format!("{full}0"), &"g".repeat(40)] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
