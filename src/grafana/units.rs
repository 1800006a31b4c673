//! Panel units, as Grafana's unit picker names and formats them: `short` (no unit, SI
//! suffixes), `reqps` (requests per second), `s` (seconds, scaled to ms, min, hour, day),
//! `bytes` (IEC: KiB, MiB...) and `percent` (0-100).

use serde::{Deserialize, Serialize};

use crate::chart::format_value;
use crate::lang::Lang;

/// The unit of a panel's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Plain numbers with SI suffixes (Grafana's "short", the default).
    #[default]
    Short,
    /// Requests per second (`req/s`).
    ReqPerSec,
    /// A duration in seconds.
    Seconds,
    /// A size in bytes.
    Bytes,
    /// A percentage, values 0 to 100.
    Percent,
}

impl Unit {
    /// Every unit, in the order the picker shows them.
    pub const ALL: [Unit; 5] = [
        Unit::Short,
        Unit::ReqPerSec,
        Unit::Seconds,
        Unit::Bytes,
        Unit::Percent,
    ];

    /// Grafana's identifier of the unit (`short`, `reqps`, `s`, `bytes`, `percent`).
    pub fn id(self) -> &'static str {
        match self {
            Unit::Short => "short",
            Unit::ReqPerSec => "reqps",
            Unit::Seconds => "s",
            Unit::Bytes => "bytes",
            Unit::Percent => "percent",
        }
    }

    /// The unit of a Grafana identifier.
    pub fn from_id(id: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.id() == id)
    }

    /// The name shown in the unit picker.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Unit::Short => lang.pick("Aucune (short)", "None (short)"),
            Unit::ReqPerSec => lang.pick("Requêtes/s (req/s)", "Requests/sec (req/s)"),
            Unit::Seconds => lang.pick("Secondes (s)", "Seconds (s)"),
            Unit::Bytes => lang.pick("Octets (IEC)", "Bytes (IEC)"),
            Unit::Percent => lang.pick("Pourcentage (0-100)", "Percent (0-100)"),
        }
    }

    /// [`Unit::format`] of this unit as a plain function, for a chart's Y axis.
    pub fn formatter(self) -> fn(f64) -> String {
        match self {
            Unit::Short => |v| Unit::Short.format(v),
            Unit::ReqPerSec => |v| Unit::ReqPerSec.format(v),
            Unit::Seconds => |v| Unit::Seconds.format(v),
            Unit::Bytes => |v| Unit::Bytes.format(v),
            Unit::Percent => |v| Unit::Percent.format(v),
        }
    }

    /// `v` written with this unit, as on the Y axis and in the legend: `1.5 K`,
    /// `0.5 req/s`, `250 ms`, `1.5 KiB`, `42%`.
    pub fn format(self, v: f64) -> String {
        if !v.is_finite() {
            return format_value(v);
        }
        match self {
            Unit::Short => format_value(v),
            Unit::ReqPerSec => format!("{} req/s", format_value(v)),
            Unit::Percent => format!("{}%", format_value(v)),
            Unit::Seconds => {
                const SCALES: [(f64, &str); 5] = [
                    (86_400.0, "day"),
                    (3_600.0, "hour"),
                    (60.0, "min"),
                    (1.0, "s"),
                    (0.001, "ms"),
                ];
                let a = v.abs();
                match SCALES.iter().find(|(size, _)| a >= *size) {
                    Some((size, name)) => format!("{} {name}", format_value(v / size)),
                    None if a == 0.0 => "0 s".to_string(),
                    None => format!("{} µs", format_value(v * 1e6)),
                }
            }
            Unit::Bytes => {
                const NAMES: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
                let mut scaled = v;
                let mut name = "B";
                for next in NAMES.iter().skip(1) {
                    if scaled.abs() < 1024.0 {
                        break;
                    }
                    scaled /= 1024.0;
                    name = next;
                }
                format!("{} {name}", format_value(scaled))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for u in Unit::ALL {
            assert_eq!(Unit::from_id(u.id()), Some(u));
            assert_ne!(u.label(Lang::Fr), u.label(Lang::En).trim_end(), "{u:?}");
        }
        assert_eq!(Unit::from_id("req/s"), None);
        assert_eq!(Unit::from_id(""), None);
    }

    #[test]
    fn formats_like_grafana() {
        assert_eq!(Unit::Short.format(15_000.0), "15 K");
        assert_eq!(Unit::ReqPerSec.format(0.5), "0.5 req/s");
        assert_eq!(Unit::Percent.format(42.0), "42%");
        assert_eq!(Unit::Seconds.format(0.25), "250 ms");
        assert_eq!(Unit::Seconds.format(1.5), "1.5 s");
        assert_eq!(Unit::Seconds.format(90.0), "1.5 min");
        assert_eq!(Unit::Seconds.format(7_200.0), "2 hour");
        assert_eq!(Unit::Seconds.format(0.0), "0 s");
        assert_eq!(Unit::Seconds.format(0.000_5), "500 µs");
        assert_eq!(Unit::Bytes.format(512.0), "512 B");
        assert_eq!(Unit::Bytes.format(1536.0), "1.5 KiB");
        assert_eq!(Unit::Bytes.format(3.0 * 1024.0 * 1024.0), "3 MiB");
        assert_eq!(Unit::Bytes.format(-2048.0), "-2 KiB");
        assert_eq!(Unit::ReqPerSec.format(f64::NAN), "NaN");
    }

    #[test]
    fn each_formatter_writes_its_own_unit() {
        for u in Unit::ALL {
            for v in [0.0, 0.25, 1536.0, 90.0, -7_200.0, f64::INFINITY] {
                assert_eq!(u.formatter()(v), u.format(v), "{u:?} {v}");
            }
        }
        assert_ne!(
            Unit::Bytes.formatter()(1536.0),
            Unit::Short.formatter()(1536.0)
        );
    }
}
