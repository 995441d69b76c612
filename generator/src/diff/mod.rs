//! Semantic change reports between two specs, for reviewing what a new upstream release does to
//! the generated client.
//!
//! [`compare`] loads and models both specs (the same `load` and `model` stages code generation
//! uses) and walks the two models side by side; it never compares text. It finds:
//!
//! - operations added, removed, moved and **renamed** (the same method and path under a new
//!   `operationId`), and newly deprecated;
//! - API versions added, removed and sunset (`x-sunset` newly set or moved);
//! - parameters added, removed, retyped, made required or optional;
//! - request bodies and success responses added, removed or retyped, per API version;
//! - response status codes added and removed;
//! - types of `models` added, removed or reshaped; struct fields added, removed, retyped, made
//!   required or optional; string-enum values and union variants added and removed.
//!
//! Each [`Change`] names the generated Rust item it touches and says whether it is **breaking**:
//! whether code that compiled against the client generated from the old spec can stop compiling
//! with the new one, or lose a value it matched on. Removed or renamed methods, types, fields,
//! enum values and parameters are breaking; so is a retyped field, parameter or body, a field or
//! parameter whose requiredness moves it in or out of a constructor or argument list, a new
//! required parameter or body, a new required field of a type sent in requests (a new argument of
//! its `new`), a new union variant (unions are exhaustive enums), and a new API version that takes
//! over an operation's plain method name. Added operations, optional parameters and fields, enum
//! values (string enums are `#[non_exhaustive]`), status codes and sunset dates are not.
//!
//! Changes to operations carry their `operationId`; changes to schemas carry none, since one
//! schema serves many operations, and their message names the operations that use it.
//!
//! A report is ordered by [`Kind`] (its declaration order), then operation ID (schema changes
//! first), then JSON pointer, then Rust item, then message, so the same two specs always give the
//! same bytes.
//!
//! ```no_run
//! let old = std::fs::read_to_string("old.yaml")?;
//! let new = std::fs::read_to_string("new.yaml")?;
//! let report = atlas_codegen::diff::compare(&old, "old.yaml", &new, "new.yaml")?;
//! print!("{}", report.to_markdown());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod change;
mod operations;
mod probe;
mod render;
mod side;
mod types;

pub use change::{Change, Kind, Verdict};

use crate::error::Error;
use crate::{load, model};

/// Every change between two specs, in a fixed order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    old_name: String,
    new_name: String,
    changes: Vec<Change>,
}

/// Compares the spec `old_text` (named `old_name` in errors and reports) with `new_text`.
///
/// Fails when either spec cannot be loaded or modeled, with the same errors code generation gives.
pub fn compare(
    old_text: &str,
    old_name: &str,
    new_text: &str,
    new_name: &str,
) -> Result<Report, Error> {
    compare_tags(old_text, old_name, new_text, new_name, &[])
}

/// Like [`compare`], for the clients generated with only the operations of `tags` (as
/// [`Config::tags`](crate::Config::tags) makes them); no tags means every operation.
pub fn compare_tags(
    old_text: &str,
    old_name: &str,
    new_text: &str,
    new_name: &str,
    tags: &[String],
) -> Result<Report, Error> {
    let filter = model::Filter {
        tags: tags.iter().cloned().collect(),
        ..model::Filter::default()
    };
    let old = model::build(&load::load(old_name, old_text)?, old_name, &filter)?;
    let new = model::build(&load::load(new_name, new_text)?, new_name, &filter)?;
    Ok(Report::between(old_name, new_name, &old, &new))
}

/// Like [`compare`], for the clients `config` generates: only its operations and tags (see
/// [`Config::operations`](crate::Config::operations) and [`Config::tags`](crate::Config::tags)).
pub fn compare_for(
    config: &crate::Config,
    old_text: &str,
    old_name: &str,
    new_text: &str,
    new_name: &str,
) -> Result<Report, Error> {
    let old = model::build(&load::load(old_name, old_text)?, old_name, &config.filter)?;
    let new = model::build(&load::load(new_name, new_text)?, new_name, &config.filter)?;
    Ok(Report::between(old_name, new_name, &old, &new))
}

impl Report {
    fn between(old_name: &str, new_name: &str, old: &model::Api, new: &model::Api) -> Report {
        let mut changes = Vec::new();
        let (old_side, new_side) = (side::Side::new(old), side::Side::new(new));
        let renamed = types::renamed_types(&old_side, &new_side, &operations::renames(old, new));
        let sides = side::Sides {
            old: &old_side,
            new: &new_side,
            renamed,
        };
        operations::compare(&sides, old, new, &mut changes);
        types::compare(&sides, &mut changes);
        // Each probe tests its own change: against the new client, the types other changes
        // rename are named as the new client names them.
        for change in &mut changes {
            if change.kind() != Kind::TypeRenamed {
                change.rename_in_probe(&sides.renamed);
            }
        }
        changes.sort();
        changes.dedup();
        Report {
            old_name: old_name.to_owned(),
            new_name: new_name.to_owned(),
            changes,
        }
    }

    /// The changes, in report order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The body of a changelog section: the verdict, then the changes, breaking ones first.
    pub(crate) fn changelog_body(&self) -> String {
        render::changelog(self)
    }

    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes
            .iter()
            .filter(|change| change.is_breaking())
            .count()
    }

    /// What the changes mean for the generated crate's version: [`Verdict::Major`] when one is
    /// breaking, else [`Verdict::Minor`] when one adds to the API ([`Kind::adds_api`]), else
    /// [`Verdict::Patch`].
    pub fn verdict(&self) -> Verdict {
        let changes = self.changes.iter();
        if self.breaking_count() > 0 {
            Verdict::Major
        } else if changes.clone().any(|change| change.kind().adds_api()) {
            Verdict::Minor
        } else {
            Verdict::Patch
        }
    }

    /// Whether the two specs describe the same client.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The name the old spec was given.
    pub fn old_name(&self) -> &str {
        &self.old_name
    }

    /// The name the new spec was given.
    pub fn new_name(&self) -> &str {
        &self.new_name
    }

    /// The whole report as pretty-printed JSON: `{"verdict": "major", "bump": {"1.x": "major",
    /// "0.x": "minor"}, "changes": [{"kind", "operation", "path", "rust", "breaking", "message"}, ...]}`.
    pub fn to_json(&self) -> String {
        render::json(self)
    }

    /// The whole report as a Markdown changelog: the semver verdict, counts per kind, then the
    /// breaking changes, then the rest, each grouped by kind. Never truncated.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// A few lines for a terminal: the semver verdict and the counts ("semver: major (0.x: minor);
    /// 12 changes, 3 breaking"), the counts by kind, then
    /// up to `limit` changes, breaking ones first, then "... and N more". An empty report gives
    /// "no API changes".
    pub fn summary(&self, limit: usize) -> String {
        render::summary(self, limit)
    }
}
