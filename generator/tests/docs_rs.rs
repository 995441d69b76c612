//! What crates.io and docs.rs show of a generated crate: its README names every cargo feature and
//! the operations each compiles, and every public item compiled only with some features carries
//! the `doc(cfg)` label docs.rs shows (`#[cfg_attr(docsrs, doc(cfg(...)))]`, the same predicate).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atlas_codegen::Config;
use quote::ToTokens;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 10, "{} specs", specs.len());
    specs
}

fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/atlas-admin-v2-excerpt.yaml")
}

fn generate(spec: &Path) -> BTreeMap<String, String> {
    let config = Config::new(spec, "corpus-crate").spec_display("spec.yaml");
    atlas_codegen::generate(&config)
        .unwrap_or_else(|error| panic!("{} generates: {error}", spec.display()))
        .files()
        .clone()
}

/// The features of the crate (`src/operations/mod.rs`), each with the methods its module adds
/// to `Client`.
fn features_and_methods(files: &BTreeMap<String, String>) -> Vec<(String, Vec<String>)> {
    let modules = syn::parse_file(&files["src/operations/mod.rs"]).expect("mod.rs parses");
    let mut features = Vec::new();
    for item in modules.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let feature = module
            .attrs
            .iter()
            .find_map(|attr| {
                let syn::Meta::List(list) = &attr.meta else {
                    return None;
                };
                let tokens = list.tokens.to_string();
                (list.path.is_ident("cfg")).then(|| {
                    tokens
                        .trim_start_matches("feature = \"")
                        .trim_end_matches('"')
                        .to_owned()
                })
            })
            .expect("each module has its feature");
        let name = module.ident.to_string();
        let name = name.trim_start_matches("r#");
        let file = syn::parse_file(&files[&format!("src/operations/{name}.rs")])
            .expect("the module parses");
        let methods = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(implementation)
                    if implementation.self_ty.to_token_stream().to_string() == "Client" =>
                {
                    Some(implementation.items.iter().filter_map(|item| match item {
                        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    }))
                }
                _ => None,
            })
            .flatten()
            .collect();
        features.push((feature, methods));
    }
    features
}

#[test]
fn the_readme_names_every_feature_and_its_operations() {
    let mut specs = corpus();
    specs.push(excerpt());
    let mut features_seen = 0;
    for spec in specs {
        let files = generate(&spec);
        let readme = files
            .get("README.md")
            .unwrap_or_else(|| panic!("{} has no README.md", spec.display()));
        let features = features_and_methods(&files);
        for (feature, methods) in &features {
            assert!(
                readme.contains(&format!("### `{feature}`\n")),
                "{}: the README does not name the feature `{feature}`:\n{readme}",
                spec.display()
            );
            // The feature's section lists each of its methods (older API versions included).
            let section = readme
                .split(&format!("### `{feature}`\n"))
                .nth(1)
                .and_then(|rest| rest.split("\n### ").next())
                .and_then(|rest| rest.split("\n## ").next())
                .unwrap_or_default();
            for method in methods {
                // A raw identifier is named as code calls it (`Client::r#type`).
                assert!(
                    section.contains(&format!("`Client::{method}`")),
                    "{}: the README's section on `{feature}` does not name `Client::{method}`:\n{section}",
                    spec.display()
                );
            }
            features_seen += 1;
        }
        assert!(
            readme.contains("```rust,no_run\n"),
            "{}: no example",
            spec.display()
        );
        assert!(
            files["src/lib.rs"]
                .contains("#[doc = include_str!(\"../README.md\")]\npub struct ReadmeDoctests;"),
            "{}: the README's example is not a doctest",
            spec.display()
        );
    }
    assert!(features_seen > 10, "{features_seen} features");
}

/// The predicate of a `#[cfg(P)]`, or of a `#[cfg_attr(docsrs, doc(cfg(P)))]`.
fn predicates(attrs: &[syn::Attribute]) -> (Vec<String>, Vec<String>) {
    let mut cfgs = Vec::new();
    let mut labels = Vec::new();
    for attr in attrs {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let tokens = list.tokens.to_string();
        // `ReadmeDoctests` exists only for `cargo test --doc`, never in the docs.
        if list.path.is_ident("cfg") && tokens.contains("feature") && !tokens.contains("doctest") {
            cfgs.push(tokens);
        } else if list.path.is_ident("cfg_attr")
            && let Some(label) = tokens
                .strip_prefix("docsrs , doc (cfg (")
                .and_then(|rest| rest.strip_suffix("))"))
        {
            labels.push(label.to_owned());
        }
    }
    (cfgs, labels)
}

/// Checks the public items of `items` (and of inline modules): each feature `cfg` has its label.
/// Returns how many labelled items there are.
fn check_items(what: &str, items: &[syn::Item], public_types: bool) -> usize {
    let mut labelled = 0;
    for item in items {
        let (attrs, public) = match item {
            syn::Item::Struct(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Enum(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Type(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Mod(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Use(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Fn(item) => (&item.attrs, is_pub(&item.vis)),
            syn::Item::Const(item) => (&item.attrs, is_pub(&item.vis)),
            // An inherent impl's methods are listed on the type's page; a trait impl goes by its type.
            // (In models and operations every type is public; the runtime's gated ones are not.)
            syn::Item::Impl(item) => (&item.attrs, public_types && item.trait_.is_none()),
            _ => continue,
        };
        let (cfgs, labels) = predicates(attrs);
        if public {
            // (An operation module's `impl Client` is labelled though only its module is gated.)
            assert!(
                cfgs.iter().all(|cfg| labels.contains(cfg)),
                "{what}: a public item's feature gates {cfgs:?} are not all labelled ({labels:?}):\n{}",
                item.to_token_stream()
            );
            labelled += labels.len();
        } else {
            assert!(labels.is_empty(), "{what}: a private item is labelled");
        }
    }
    labelled
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

#[test]
fn every_feature_gated_public_item_has_its_docs_rs_label() {
    let mut specs = corpus();
    specs.push(excerpt());
    let mut labelled = 0;
    for spec in specs {
        let files = generate(&spec);
        for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
            let what = format!("{} {path}", spec.display());
            let file = syn::parse_file(text).unwrap_or_else(|error| panic!("{what}: {error}"));
            let public_types = path == "src/models.rs" || path.starts_with("src/operations/");
            labelled += check_items(&what, &file.items, public_types);
            // Line by line too, as the generated text reads: a one-line gate of a public item is
            // followed by its label.
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let Some(predicate) = line
                    .strip_prefix("#[cfg(")
                    .and_then(|rest| rest.strip_suffix(")]"))
                    .filter(|predicate| {
                        predicate.starts_with("feature") || predicate.starts_with("any(feature")
                    })
                else {
                    continue;
                };
                let item = lines[i + 1..]
                    .iter()
                    .find(|line| {
                        !line.starts_with("#[") && !line.starts_with(' ') && !line.starts_with(')')
                    })
                    .copied()
                    .unwrap_or_default();
                let public = item.starts_with("pub ")
                    || (public_types
                        && item.starts_with("impl ")
                        && !item.contains(" for ")
                        && item.ends_with('{'));
                if public {
                    assert_eq!(
                        lines.get(i + 1).copied().unwrap_or_default(),
                        format!("#[cfg_attr(docsrs, doc(cfg({predicate})))]"),
                        "{what}:{}: `{line}` of `{item}` is not followed by its label",
                        i + 1
                    );
                }
            }
        }
        let lib = &files["src/lib.rs"];
        assert!(
            lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"),
            "{}: lib.rs does not enable doc_cfg on docs.rs",
            spec.display()
        );
    }
    assert!(labelled > 50, "{labelled} labelled items");
}

#[test]
fn each_operation_module_labels_its_impl_of_client() {
    let files = generate(
        &corpus()
            .into_iter()
            .find(|spec| spec.ends_with("pagination.yaml"))
            .expect("pagination.yaml"),
    );
    let features = features_and_methods(&files);
    assert!(features.len() >= 3, "{features:?}");
    for (path, text) in files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations/") && !path.ends_with("mod.rs"))
    {
        assert!(
            text.contains(")))]\nimpl Client {")
                && text.contains("#[cfg_attr(docsrs, doc(cfg(feature = \""),
            "{path}:\n{text}"
        );
    }
}
