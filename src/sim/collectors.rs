//! The default collectors prometheus_client registers in every Python process (garbage
//! collector, platform, process), as data in and metric families out, in the order the
//! default registry yields them.

use std::borrow::Cow;

use crate::exposition::{MetricFamily, MetricSample, MetricType, Text};

/// Linux clock ticks per second, the unit of CPU times and start time in `/proc/self/stat`.
pub const CLOCK_TICKS_PER_S: u64 = 100;

/// What `gc.get_stats()` reports for one generation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenerationStats {
    /// Objects collected in this generation.
    pub collected: u64,
    /// Uncollectable objects found in this generation.
    pub uncollectable: u64,
    /// Times this generation was collected.
    pub collections: u64,
}

/// The garbage collector's statistics for generations 0, 1 and 2.
pub type GcStats = [GenerationStats; 3];

/// What the process collector reads from `/proc` (Linux).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProcessStats {
    /// Virtual memory size in bytes.
    pub virtual_memory_bytes: u64,
    /// Resident memory size in bytes.
    pub resident_memory_bytes: u64,
    /// Start time since the Unix epoch in seconds (boot time plus start ticks / 100).
    pub start_time_seconds: f64,
    /// User CPU time in clock ticks.
    pub cpu_user_ticks: u64,
    /// System CPU time in clock ticks.
    pub cpu_system_ticks: u64,
    /// Open file descriptors.
    pub open_fds: u64,
    /// The soft limit on open file descriptors.
    pub max_fds: u64,
}

impl ProcessStats {
    /// CPU seconds as the collector computes them: user ticks / 100 + system ticks / 100
    /// (so 10 and 5 ticks give 0.15000000000000002, as in the reference).
    pub fn cpu_seconds(&self) -> f64 {
        let hz = CLOCK_TICKS_PER_S as f64;
        self.cpu_user_ticks as f64 / hz + self.cpu_system_ticks as f64 / hz
    }
}

/// The simulated interpreter: CPython 3.11.7.
const PYTHON_VERSION: (&str, &str, &str) = ("3", "11", "7");

/// The same version as the `version` label writes it.
const PYTHON_VERSION_TEXT: &str = "3.11.7";

/// `python_info`'s labels, fixed for the process's life.
const INFO_LABELS: [(Text, Text); 5] = [
    (Cow::Borrowed("implementation"), Cow::Borrowed("CPython")),
    (Cow::Borrowed("major"), Cow::Borrowed(PYTHON_VERSION.0)),
    (Cow::Borrowed("minor"), Cow::Borrowed(PYTHON_VERSION.1)),
    (Cow::Borrowed("patchlevel"), Cow::Borrowed(PYTHON_VERSION.2)),
    (Cow::Borrowed("version"), Cow::Borrowed(PYTHON_VERSION_TEXT)),
];

/// The `generation` label of each of the three GC generations.
const GENERATION_LABELS: [[(Text, Text); 1]; 3] = [
    [(Cow::Borrowed("generation"), Cow::Borrowed("0"))],
    [(Cow::Borrowed("generation"), Cow::Borrowed("1"))],
    [(Cow::Borrowed("generation"), Cow::Borrowed("2"))],
];

/// Reads one field of a generation's statistics.
type GenerationField = fn(&GenerationStats) -> u64;

/// The three `python_gc_*` counter families.
pub fn gc_families(gc: &GcStats) -> Vec<MetricFamily> {
    // Family name, its sample name, help, and the field it counts.
    let spec: [(&str, &str, &str, GenerationField); 3] = [
        (
            "python_gc_objects_collected",
            "python_gc_objects_collected_total",
            "Objects collected during gc",
            |g| g.collected,
        ),
        (
            "python_gc_objects_uncollectable",
            "python_gc_objects_uncollectable_total",
            "Uncollectable objects found during GC",
            |g| g.uncollectable,
        ),
        (
            "python_gc_collections",
            "python_gc_collections_total",
            "Number of times this generation was collected",
            |g| g.collections,
        ),
    ];
    spec.iter()
        .map(|&(name, sample_name, help, field)| {
            let mut family = MetricFamily::new(name, help, MetricType::Counter);
            for (generation, stats) in GENERATION_LABELS.iter().zip(gc) {
                let mut sample = MetricSample::new(sample_name, field(stats) as f64);
                sample.labels = Cow::Borrowed(generation);
                family.samples.push(sample);
            }
            family
        })
        .collect()
}

/// The `python_info` gauge of the platform collector.
pub fn platform_family() -> MetricFamily {
    let mut info = MetricSample::new("python_info", 1.0);
    info.labels = Cow::Borrowed(&INFO_LABELS);
    MetricFamily::new(
        "python_info",
        "Python platform information",
        MetricType::Gauge,
    )
    .with_sample(info)
}

/// The six `process_*` families of the process collector.
pub fn process_families(p: &ProcessStats) -> Vec<MetricFamily> {
    let gauge = |name: &'static str, help: &'static str, value: f64| {
        MetricFamily::new(name, help, MetricType::Gauge).with_sample(MetricSample::new(name, value))
    };
    vec![
        gauge(
            "process_virtual_memory_bytes",
            "Virtual memory size in bytes.",
            p.virtual_memory_bytes as f64,
        ),
        gauge(
            "process_resident_memory_bytes",
            "Resident memory size in bytes.",
            p.resident_memory_bytes as f64,
        ),
        gauge(
            "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.",
            p.start_time_seconds,
        ),
        MetricFamily::new(
            "process_cpu_seconds",
            "Total user and system CPU time spent in seconds.",
            MetricType::Counter,
        )
        .with_sample(MetricSample::new(
            "process_cpu_seconds_total",
            p.cpu_seconds(),
        )),
        gauge(
            "process_open_fds",
            "Number of open file descriptors.",
            p.open_fds as f64,
        ),
        gauge(
            "process_max_fds",
            "Maximum number of open file descriptors.",
            p.max_fds as f64,
        ),
    ]
}

/// All families of the default registry, in its order: gc, platform, process, then the
/// application's own families.
pub fn default_registry(
    gc: &GcStats,
    process: &ProcessStats,
    app: impl IntoIterator<Item = MetricFamily>,
) -> Vec<MetricFamily> {
    // The library's collectors give 10 families, the app's code one or two.
    let mut families = Vec::with_capacity(12);
    families.extend(gc_families(gc));
    families.push(platform_family());
    families.extend(process_families(process));
    families.extend(app);
    families
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_seconds_adds_ticks_like_python() {
        let p = ProcessStats {
            virtual_memory_bytes: 0,
            resident_memory_bytes: 0,
            start_time_seconds: 0.0,
            cpu_user_ticks: 10,
            cpu_system_ticks: 5,
            open_fds: 0,
            max_fds: 0,
        };
        assert_eq!(p.cpu_seconds().to_string(), "0.15000000000000002");
    }

    #[test]
    fn the_version_label_joins_the_version_parts() {
        let (major, minor, patch) = PYTHON_VERSION;
        assert_eq!(PYTHON_VERSION_TEXT, format!("{major}.{minor}.{patch}"));
    }

    #[test]
    fn gc_families_have_one_sample_per_generation() {
        let mut gc = GcStats::default();
        gc[2].collections = 4;
        let families = gc_families(&gc);
        let names: Vec<&str> = families.iter().map(|f| &*f.name).collect();
        assert_eq!(
            names,
            [
                "python_gc_objects_collected",
                "python_gc_objects_uncollectable",
                "python_gc_collections"
            ]
        );
        let last = &families[2].samples[2];
        assert_eq!(last.name, "python_gc_collections_total");
        assert_eq!(*last.labels, [("generation".into(), "2".into())]);
        assert_eq!(last.value, 4.0);
    }
}
