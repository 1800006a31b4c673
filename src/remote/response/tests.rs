//! The readers on answers recorded from a real Prometheus 2.42
//! (`tests/reference/prometheus-api/`), and on bodies of the wrong shape.

use super::*;

macro_rules! recorded {
    ($name:literal) => {
        include_str!(concat!("../../../tests/reference/prometheus-api/", $name))
    };
}

fn data(body: &str) -> Json {
    envelope(200, body).expect("a success envelope")
}

#[test]
fn instant_vector_scalar_and_string() {
    let a = query_answer(200, recorded!("query_vector.json")).expect("a vector");
    let Value::Vector(v) = a.value else {
        panic!("a vector")
    };
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].labels.to_string(),
        r#"up{instance="127.0.0.1:19090", job="prometheus"}"#
    );
    assert_eq!((v[0].t, v[0].v), (1_796_114_897_000, 1.0));
    assert!(a.warnings.is_empty());
    let s = query_value(&data(recorded!("query_scalar.json"))).expect("a scalar");
    assert_eq!(
        s,
        Value::Scalar {
            t: 1_796_114_897_258,
            v: 1.0
        }
    );
    let st = query_value(&data(recorded!("query_string.json"))).expect("a string");
    assert!(matches!(st, Value::String { ref s, .. } if s == "hi"));
}

#[test]
fn range_vectors_and_range_queries_are_matrices() {
    for body in [
        recorded!("query_matrix.json"),
        recorded!("query_range.json"),
    ] {
        let raw: Json = serde_json::from_str(body).expect("JSON");
        let want = raw["data"]["result"].as_array().map_or(0, Vec::len);
        let Ok(Value::Matrix(m)) = query_value(&data(body)) else {
            panic!("a matrix")
        };
        assert_eq!(m.len(), want);
        for (s, r) in m
            .iter()
            .zip(raw["data"]["result"].as_array().into_iter().flatten())
        {
            let values = r["values"].as_array().map_or(0, Vec::len);
            assert_eq!(s.samples.len(), values);
            assert!(s.samples.windows(2).all(|w| w[0].t < w[1].t));
            assert_eq!(s.labels.get("job"), "prometheus");
        }
    }
}

#[test]
fn special_values_are_read() {
    let body = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"a":"1"},"value":[1.5,"NaN"]},
        {"metric":{"a":"2"},"value":[1.5,"+Inf"]},
        {"metric":{"a":"3"},"value":[1.5,"-Inf"]},
        {"metric":{"a":"4"},"histogram":[1.5,{"count":"1"}]}]},
        "warnings":["careful"],"infos":["fyi"]}"#;
    let a = query_answer(200, body).expect("valid");
    let Value::Vector(v) = a.value else {
        panic!("a vector")
    };
    assert_eq!(v.len(), 3, "native histograms are skipped");
    assert!(v[0].v.is_nan() && v[0].t == 1_500);
    assert_eq!((v[1].v, v[2].v), (f64::INFINITY, f64::NEG_INFINITY));
    assert_eq!(
        (a.warnings, a.infos),
        (vec!["careful".to_string()], vec!["fyi".to_string()])
    );
}

#[test]
fn prometheus_errors_keep_its_words() {
    let e = query_answer(400, recorded!("error_parse.json")).expect_err("an error");
    assert_eq!(
        e,
        SourceError::Http {
            status: 400,
            error_type: Some("bad_data".into()),
            error: Some(
                "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis".into()
            ),
        }
    );
    let e = envelope(400, recorded!("error_bad_time.json")).expect_err("an error");
    assert!(
        matches!(e, SourceError::Http { error: Some(ref m), .. } if m.contains("cannot parse \"abc\""))
    );
    // The same JSON error with a 200 status.
    let e = envelope(200, recorded!("error_parse.json")).expect_err("an error");
    assert!(matches!(e, SourceError::Api { ref error_type, .. } if error_type == "bad_data"));
}

#[test]
fn bodies_of_the_wrong_shape_are_not_prometheus() {
    for body in [
        "<html>Grafana</html>",
        "404 page not found",
        "{}",
        r#"{"status":"success"}"#,
        r#"{"status":"success","data":{"resultType":"vector"}}"#,
        r#"{"status":"success","data":{"resultType":"table","result":[]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}}"#,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#,
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1]]}]}}"#,
        r#"{"status":"success","data":{"resultType":"scalar","result":"1"}}"#,
    ] {
        let e = query_answer(200, body).expect_err(body);
        assert!(
            matches!(e, SourceError::NotPrometheus { .. }),
            "{body}: {e:?}"
        );
    }
    // A 404 in plain text, as Prometheus answers an unknown path.
    assert_eq!(
        envelope(404, "404 page not found"),
        Err(SourceError::Http {
            status: 404,
            error_type: None,
            error: None
        })
    );
}

#[test]
fn label_series_and_metadata_lists() {
    let names = string_list(&data(recorded!("labels.json"))).expect("names");
    assert!(names.contains(&"__name__".to_string()) && names.contains(&"job".to_string()));
    let values = string_list(&data(recorded!("label_values.json"))).expect("values");
    assert_eq!(values, ["prometheus"]);
    let series = series_list(&data(recorded!("series.json"))).expect("series");
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].metric_name(), "up");
    let meta = metadata(&data(recorded!("metadata.json"))).expect("metadata");
    assert_eq!(meta.len(), 1);
    assert_eq!(
        (meta[0].name.as_str(), meta[0].kind.as_str()),
        ("prometheus_http_requests_total", "counter")
    );
    let three = metadata(&data(recorded!("metadata_limit.json"))).expect("metadata");
    assert_eq!(three.len(), 3);
    assert!(three.windows(2).all(|w| w[0].name < w[1].name));
    assert!(string_list(&data(recorded!("metadata.json"))).is_err());
}

#[test]
fn targets_rules_and_alerts() {
    let t = targets(&data(recorded!("targets.json"))).expect("targets");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].health, "up");
    assert_eq!(t[0].labels.get("job"), "prometheus");
    assert!(t[0].scrape_url.ends_with("/metrics"));
    assert!(rules(&data(recorded!("rules.json")))
        .expect("rules")
        .is_empty());
    assert!(alerts(&data(recorded!("alerts.json")))
        .expect("alerts")
        .is_empty());
    let body = r#"{"status":"success","data":{"groups":[{"name":"g","rules":[
        {"name":"HighErrors","type":"alerting","health":"ok"},
        {"name":"job:rate5m","type":"recording","health":"err"}]}]}}"#;
    let r = rules(&data(body)).expect("rules");
    assert_eq!(r.len(), 2);
    assert_eq!(
        (r[1].group.as_str(), r[1].kind.as_str()),
        ("g", "recording")
    );
    let body =
        r#"{"status":"success","data":{"alerts":[{"labels":{"alertname":"X"},"state":"firing"}]}}"#;
    let a = alerts(&data(body)).expect("alerts");
    assert_eq!(
        (a[0].labels.get("alertname"), a[0].state.as_str()),
        ("X", "firing")
    );
    assert!(targets(&data(recorded!("rules.json"))).is_err());
}
