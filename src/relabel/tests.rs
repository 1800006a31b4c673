//! Every relabel action on small label sets.

use super::*;

fn labels(pairs: &[(&str, &str)]) -> Labels {
    Labels::from_pairs(pairs.iter().copied())
}

fn step(action: Action, regex: Option<&str>) -> RelabelConfig {
    let regex = match regex {
        Some(r) => Regexp::new(r, true).unwrap(),
        None => Regexp::new(DEFAULT_REGEX, false).unwrap(),
    };
    RelabelConfig::new(action, regex)
}

fn sources(mut s: RelabelConfig, names: &[&str]) -> RelabelConfig {
    s.source_labels = Some(names.iter().map(|n| n.to_string()).collect());
    s
}

fn target() -> Labels {
    labels(&[
        ("__address__", "localhost:8000"),
        ("__metrics_path__", "/metrics"),
        ("job", "app"),
        ("env", "Prod"),
    ])
}

#[test]
fn replace_rewrites_the_address_with_groups() {
    let mut s = sources(step(Action::Replace, Some("(.+):(\\d+)")), &["__address__"]);
    s.target_label = "__address__".into();
    s.replacement = "${1}:8001".into();
    let out = process(&target(), std::slice::from_ref(&s)).unwrap();
    assert_eq!(out.get("__address__"), "localhost:8001");
    // No match: nothing changes.
    let unchanged = process(&labels(&[("__address__", "nohost")]), &[s]).unwrap();
    assert_eq!(unchanged.get("__address__"), "nohost");
}

#[test]
fn replace_joins_sources_and_can_remove_or_name_a_label() {
    let mut s = sources(step(Action::Replace, None), &["job", "env"]);
    s.target_label = "both".into();
    let out = process(&target(), &[s]).unwrap();
    assert_eq!(out.get("both"), "app;Prod");

    // An empty result removes the target label.
    let mut clear = sources(step(Action::Replace, Some("Prod")), &["env"]);
    clear.target_label = "env".into();
    clear.replacement = String::new();
    assert!(!process(&target(), &[clear]).unwrap().has("env"));

    // The fast path: no sources, default regex, constant replacement.
    let mut set = step(Action::Replace, None);
    set.target_label = "team".into();
    set.replacement = "ops".into();
    assert_eq!(process(&target(), &[set]).unwrap().get("team"), "ops");

    // `$1` in the target label names it from the match.
    let mut named = sources(step(Action::Replace, Some("(.*)")), &["job"]);
    named.target_label = "from_$1".into();
    named.replacement = "yes".into();
    assert_eq!(process(&target(), &[named]).unwrap().get("from_app"), "yes");
}

#[test]
fn keep_and_drop_filter_on_the_joined_value() {
    let keep = sources(step(Action::Keep, Some("Prod|Staging")), &["env"]);
    assert!(process(&target(), std::slice::from_ref(&keep)).is_some());
    assert!(process(&labels(&[("env", "dev")]), &[keep]).is_none());
    let drop = sources(step(Action::Drop, Some("python_gc_.*")), &["__name__"]);
    assert!(process(
        &labels(&[("__name__", "python_gc_objects_collected_total")]),
        std::slice::from_ref(&drop)
    )
    .is_none());
    assert!(process(&labels(&[("__name__", "up")]), &[drop]).is_some());
}

#[test]
fn keepequal_and_dropequal_compare_with_the_target_label() {
    let mut keep = sources(step(Action::KeepEqual, None), &["a"]);
    keep.target_label = "b".into();
    let mut drop = keep.clone();
    drop.action = Action::DropEqual;
    let same = labels(&[("a", "1"), ("b", "1")]);
    let differ = labels(&[("a", "1"), ("b", "2")]);
    assert!(process(&same, std::slice::from_ref(&keep)).is_some());
    assert!(process(&differ, &[keep]).is_none());
    assert!(process(&same, std::slice::from_ref(&drop)).is_none());
    assert!(process(&differ, &[drop]).is_some());
}

#[test]
fn hashmod_takes_the_last_eight_bytes_of_the_md5() {
    let mut s = sources(step(Action::HashMod, None), &["__address__"]);
    s.target_label = "shard".into();
    s.modulus = 3;
    // Expected values computed with Python's hashlib:
    // int.from_bytes(md5(v).digest()[8:], "big") % 3.
    for (address, shard) in [("localhost:8000", "2"), ("localhost:8001", "1")] {
        let out = process(
            &labels(&[("__address__", address)]),
            std::slice::from_ref(&s),
        )
        .unwrap();
        assert_eq!(out.get("shard"), shard, "{address}");
    }
}

#[test]
fn labelmap_labeldrop_labelkeep_work_on_names() {
    let with_meta = labels(&[
        ("__meta_env", "prod"),
        ("__meta_zone", "eu"),
        ("job", "app"),
    ]);
    let mut map = step(Action::LabelMap, Some("__meta_(.+)"));
    map.replacement = "$1".into();
    let out = process(&with_meta, &[map]).unwrap();
    assert_eq!((out.get("env"), out.get("zone")), ("prod", "eu"));
    assert_eq!(
        out.get("__meta_env"),
        "prod",
        "labelmap copies, it does not move"
    );

    let drop = step(Action::LabelDrop, Some("__meta_.*"));
    let out = process(&with_meta, &[drop]).unwrap();
    assert_eq!(out.to_string(), r#"{job="app"}"#);

    let keep = step(Action::LabelKeep, Some("__meta_zone|job"));
    let out = process(&with_meta, &[keep]).unwrap();
    assert_eq!(out.to_string(), r#"{__meta_zone="eu", job="app"}"#);
}

#[test]
fn lowercase_and_uppercase() {
    let mut lower = sources(step(Action::Lowercase, None), &["env"]);
    lower.target_label = "env_lower".into();
    let mut upper = sources(step(Action::Uppercase, None), &["env"]);
    upper.target_label = "env_upper".into();
    let out = process(&target(), &[lower, upper]).unwrap();
    assert_eq!(
        (out.get("env_lower"), out.get("env_upper")),
        ("prod", "PROD")
    );
}

#[test]
fn steps_apply_in_order_and_stop_at_a_drop() {
    let mut rename = sources(step(Action::Replace, None), &["env"]);
    rename.target_label = "stage".into();
    let drop_prod = sources(step(Action::Drop, Some("Prod")), &["stage"]);
    assert!(process(&target(), &[rename.clone(), drop_prod.clone()]).is_none());
    assert!(process(&target(), &[drop_prod, rename]).is_none_or(|l| l.get("stage") == "Prod"));
}

#[test]
fn actions_are_read_in_any_case() {
    assert_eq!(Action::parse("LabelDrop"), Some(Action::LabelDrop));
    assert_eq!(Action::parse("HASHMOD"), Some(Action::HashMod));
    assert_eq!(Action::parse("delete"), None);
    for (action, name) in Action::ALL {
        assert_eq!(action.name(), name);
    }
}
