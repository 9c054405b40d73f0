//! The merge rules of `git hotfix sync`, as pure functions so they are tested field by field:
//! how two versions of one hotfix document combine, and how hotfixes that ended up with the
//! same id are renumbered. Both are deterministic, and the document merge is symmetric (which
//! clone merges does not change the result), so every clone converges to the same notes.
//!
//! Notes come from anyone who can push, so the work is bounded by their size: lists and
//! events are compared through hash sets and a sort, never item against item, so a merge
//! takes time linear (events: n log n) in the size of the documents.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::git::ObjectId;
use crate::store::{self, EventKind, Hotfix, id_number};

/// Merges two versions of one hotfix document, given the version both were edited from
/// (`None` when they share no history).
///
/// - A field only one side changed takes that side's value; a field both changed takes the
///   value of the *newer* side, the one whose latest event is later (so `status` follows the
///   later event). Objects merge key by key; lists keep what either side added and drop
///   what either side removed.
/// - `events` are united (never dropped) and ordered by time.
/// - `hotfix_id`: an id the other side renumbered away from (listed in `former_ids`) gives
///   way; two fresh ids keep the lower one. `former_ids` are united.
/// - Unknown fields merge like known ones, so a newer version's fields are kept.
pub fn merge_documents(base: Option<&Value>, ours: &Value, theirs: &Value) -> Value {
    if ours == theirs {
        return ours.clone();
    }
    let (newer, older) = match recency(ours).cmp(&recency(theirs)) {
        Ordering::Less => (theirs, ours),
        Ordering::Greater => (ours, theirs),
        Ordering::Equal if canonical(ours) >= canonical(theirs) => (ours, theirs),
        Ordering::Equal => (theirs, ours),
    };
    match (newer, older) {
        (Value::Object(n), Value::Object(o)) => {
            let mut merged = merge_object(base.and_then(Value::as_object), n, o);
            if let Some(events) = unite_events(n.get("events"), o.get("events")) {
                merged.insert("events".into(), events);
            }
            merge_ids(&mut merged, n, o);
            Value::Object(merged)
        }
        _ => newer.clone(),
    }
}

/// The time of a document's latest event, the measure of which side is newer.
fn recency(doc: &Value) -> Option<OffsetDateTime> {
    doc.get("events")?
        .as_array()?
        .iter()
        .filter_map(event_time)
        .max()
}

fn event_time(event: &Value) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(event.get("at")?.as_str()?, &Rfc3339).ok()
}

/// A total order on values, for ties: their JSON text (object keys are sorted).
fn canonical(value: &Value) -> String {
    value.to_string()
}

fn merge_object(
    base: Option<&Map<String, Value>>,
    newer: &Map<String, Value>,
    older: &Map<String, Value>,
) -> Map<String, Value> {
    let keys: BTreeSet<&String> = newer.keys().chain(older.keys()).collect();
    let mut merged = Map::new();
    for key in keys {
        let base = base.and_then(|b| b.get(key));
        if let Some(value) = merge_value(base, newer.get(key), older.get(key)) {
            merged.insert(key.clone(), value);
        }
    }
    merged
}

/// Three-way merge of one field; `None` is an absent field.
fn merge_value(
    base: Option<&Value>,
    newer: Option<&Value>,
    older: Option<&Value>,
) -> Option<Value> {
    if newer == older || base == older {
        return newer.cloned();
    }
    if base == newer {
        return older.cloned();
    }
    // Both sides changed the field.
    match (newer, older) {
        (Some(Value::Object(n)), Some(Value::Object(o))) => Some(Value::Object(merge_object(
            base.and_then(Value::as_object),
            n,
            o,
        ))),
        (Some(Value::Array(n)), Some(Value::Array(o))) => Some(Value::Array(merge_list(
            base.and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]),
            n,
            o,
        ))),
        // An edit wins over a removal, so nothing either side wrote is lost.
        (Some(value), _) | (None, Some(value)) => Some(value.clone()),
        (None, None) => None,
    }
}

/// A JSON value as a hash set key: equal exactly when the values are (`==`), so a set of
/// them answers `contains` as a scan of the list would, in constant time.
#[derive(Clone, Copy)]
struct Key<'a>(&'a Value);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(self.0, state);
    }
}

/// Hashes a value consistently with `==`: object keys in their (sorted) order, and the two
/// zeros of floating point alike, since they compare equal.
fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    match value {
        Value::Null => state.write_u8(0),
        Value::Bool(b) => {
            state.write_u8(1);
            b.hash(state);
        }
        Value::Number(n) => {
            state.write_u8(2);
            match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => (0u8, u).hash(state),
                (None, Some(i), _) => (1u8, i).hash(state),
                (None, None, Some(f)) => (2u8, if f == 0.0 { 0 } else { f.to_bits() }).hash(state),
                (None, None, None) => state.write_u8(3),
            }
        }
        Value::String(text) => {
            state.write_u8(3);
            text.hash(state);
        }
        Value::Array(items) => {
            state.write_u8(4);
            state.write_usize(items.len());
            for item in items {
                hash_value(item, state);
            }
        }
        Value::Object(map) => {
            state.write_u8(5);
            state.write_usize(map.len());
            for (key, item) in map {
                key.hash(state);
                hash_value(item, state);
            }
        }
    }
}

fn keys(items: &[Value]) -> HashSet<Key<'_>> {
    items.iter().map(Key).collect()
}

/// The newer side's items, then the older side's additions, without what either removed.
fn merge_list(base: &[Value], newer: &[Value], older: &[Value]) -> Vec<Value> {
    let (in_base, in_newer, in_older) = (keys(base), keys(newer), keys(older));
    let removed_by =
        |side: &HashSet<Key>, item: Key| in_base.contains(&item) && !side.contains(&item);
    let mut seen: HashSet<Key> = HashSet::new();
    let mut merged: Vec<Value> = Vec::new();
    for item in newer.iter().chain(older) {
        let key = Key(item);
        if !removed_by(&in_newer, key) && !removed_by(&in_older, key) && seen.insert(key) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Every event of both sides once, ordered by time (then by content, so the order is the
/// same whichever side merges).
fn unite_events(newer: Option<&Value>, older: Option<&Value>) -> Option<Value> {
    let (Some(Value::Array(n)), Some(Value::Array(o))) = (newer, older) else {
        return None;
    };
    let mut events: Vec<(Option<OffsetDateTime>, String, &Value)> = n
        .iter()
        .chain(o)
        .map(|event| (event_time(event), canonical(event), event))
        .collect();
    // The same text has the same time, so after the sort copies of one event are neighbours.
    events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    events.dedup_by(|a, b| a.1 == b.1);
    Some(Value::Array(
        events.into_iter().map(|(_, _, e)| e.clone()).collect(),
    ))
}

/// The order in which ids give way: valid ids first, by number (so a malformed id a note
/// carries never wins), then by text.
fn id_order(id: &str) -> (bool, Option<u32>, String) {
    let number = id_number(id);
    (number.is_none(), number, id.to_string())
}

fn merge_ids(
    merged: &mut Map<String, Value>,
    newer: &Map<String, Value>,
    older: &Map<String, Value>,
) {
    let id = |doc: &Map<String, Value>| {
        doc.get("hotfix_id")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (Some(a), Some(b)) = (id(newer), id(older)) else {
        return;
    };
    let mut former: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for doc in [newer, older] {
        for f in doc
            .get("former_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(f) = f.as_str()
                && seen.insert(f.to_string())
            {
                former.push(f.to_string());
            }
        }
    }
    let chosen = match (seen.contains(&a), seen.contains(&b)) {
        _ if a == b => a.clone(),
        (false, true) => a.clone(),
        (true, false) => b.clone(),
        _ => std::cmp::min_by_key(a.clone(), b.clone(), |id| id_order(id)),
    };
    for id in [a, b] {
        if id != chosen && seen.insert(id.clone()) {
            former.push(id);
        }
    }
    former.retain(|f| *f != chosen);
    former.sort_by_cached_key(|id| id_order(id));
    merged.insert("hotfix_id".into(), Value::String(chosen));
    if former.is_empty() {
        merged.remove("former_ids");
    } else {
        merged.insert(
            "former_ids".into(),
            former.into_iter().map(Value::String).collect(),
        );
    }
}

/// A hotfix given a new id because another one holds its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbered {
    pub anchor: ObjectId,
    pub from: String,
    pub to: String,
    pub branch: String,
    /// The branch of the hotfix that kept the id.
    pub kept_by: String,
    /// Whether that hotfix was created first; else it kept the id because the clone that
    /// merged them started it and had shared it under that id.
    pub earlier: bool,
}

impl Renumbered {
    /// Why the id went to the other hotfix, for the sentence that says so.
    pub fn reason(&self) -> String {
        if self.earlier {
            format!("{} was started earlier with {}", self.kept_by, self.from)
        } else {
            format!(
                "{} holds {} in the clone that started it",
                self.kept_by, self.from
            )
        }
    }
}

/// What [`renumber_collisions`] did.
#[derive(Debug, Default)]
pub struct Renumbering {
    pub renumbered: Vec<Renumbered>,
    /// Ids still shared because no number was left within [`store::MAX_ID_NUMBER`].
    pub left_shared: Vec<String>,
}

/// Gives every hotfix its own id. Among hotfixes that share an id, a `protected` one keeps it:
/// one this clone started and already shared under that id (see `sync::merge`), since
/// `created` is written by whoever wrote a note, and a note claiming an earlier time must not
/// take an id this clone's hotfix holds in the open. Otherwise the one created first keeps it
/// (ties: the smaller anchor id, so every clone decides the same). Each other one, in that
/// same order, takes the smallest free number above every id in use or formerly used (never
/// its own, never past [`store::MAX_ID_NUMBER`]: without one it keeps the shared id, listed in
/// `left_shared`), keeps its old id in `former_ids` and gets a `renumbered` event by `by`. Its
/// branch keeps its name.
///
/// Between two honest clones that started the same id offline, protection never applies: the
/// clone whose sync meets the other's hotfix (already pushed) decides while its own is not
/// shared yet, by creation time, and the other receives that decision as a fast-forward (or
/// through `former_ids` in a merge), so both converge.
pub fn renumber_collisions(
    hotfixes: &mut [Hotfix],
    protected: &HashSet<ObjectId>,
    by: &str,
) -> Renumbering {
    let mut order: Vec<usize> = (0..hotfixes.len()).collect();
    order.sort_by_cached_key(|&i| {
        let h = &hotfixes[i];
        (
            !protected.contains(&h.anchor),
            h.meta.created,
            h.anchor.to_string(),
        )
    });
    let mut used: HashSet<u32> = hotfixes
        .iter()
        .flat_map(|h| std::iter::once(&h.meta.hotfix_id).chain(&h.meta.former_ids))
        .filter_map(|id| id_number(id))
        .collect();
    let mut highest = used.iter().copied().max().unwrap_or(0);
    let mut holders: HashMap<String, usize> = HashMap::new();
    let mut done = Renumbering::default();
    for i in order {
        let id = hotfixes[i].meta.hotfix_id.to_ascii_uppercase();
        let Some(&holder) = holders.get(&id) else {
            holders.insert(id, i);
            continue;
        };
        let Some(number) = store::next_free(&used, highest) else {
            done.left_shared.push(hotfixes[i].meta.hotfix_id.clone());
            continue;
        };
        highest = number;
        used.insert(number);
        let kept_by = hotfixes[holder].meta.branch.clone();
        let earlier = hotfixes[holder].meta.created <= hotfixes[i].meta.created;
        let meta = &mut hotfixes[i].meta;
        let from = meta.hotfix_id.clone();
        let prefix = from.rsplit_once('-').map_or(from.as_str(), |(p, _)| p);
        let to = store::format_id(prefix, number);
        let mut renumbered = Renumbered {
            anchor: hotfixes[i].anchor,
            from: from.clone(),
            to: to.clone(),
            branch: meta.branch.clone(),
            kept_by,
            earlier,
        };
        meta.record(
            EventKind::Renumbered,
            by,
            Some(format!("{from} → {to}: {}", renumbered.reason())),
        );
        meta.former_ids.push(from);
        meta.hotfix_id = to.clone();
        holders.insert(to.to_ascii_uppercase(), i);
        renumbered.branch = meta.branch.clone();
        done.renumbered.push(renumbered);
    }
    done
}

#[cfg(test)]
mod tests;
