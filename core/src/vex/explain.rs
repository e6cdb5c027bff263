//! `stella vex explain`: a [`Consensus`] as plain text, with the arithmetic of every statement.
//!
//! The text is a pure function of the consensus and the trust configuration it was computed
//! with (for the formula's weights and the freshness floor): statements in decision order,
//! no colour, no clock. Each statement shows
//! `base = wP·P + wC·C + wR·R`, the strength and its evidence kind,
//! `freshness = max(floor, 2^(−age/half-life))`, `score = base × strength × freshness`, and the
//! outcome with its reason. Numbers are printed in their shortest form (they are rounded to 6
//! decimals by the consensus), so the printed arithmetic is the arithmetic that was done.

use std::fmt::Write as _;

use super::consensus::{Consensus, Contribution, TrustConfig};

/// Render `consensus` (computed under `config`) as lines of text.
pub fn lines(consensus: &Consensus, config: &TrustConfig) -> Vec<String> {
    let c = consensus;
    let mut out = vec![
        format!("consensus {} on {}", c.vulnerability, c.product),
        format!(
            "status {} · confidence {} · {} statement(s), {} accepted · {} conflict(s)",
            c.status,
            n(c.confidence),
            c.contributions.len(),
            c.supporting().count(),
            c.conflicts.len()
        ),
    ];
    if let Some(j) = c.justification {
        out.push(format!("justification {}", json_name(&j)));
    }
    out.push(format!("evaluated at {}", c.evaluated_at));
    out.push(format!("trust config {}", c.trust_config));
    out.push(format!("digest {}", c.digest));
    for (i, k) in c.contributions.iter().enumerate() {
        out.push(String::new());
        statement_lines(i + 1, k, config, &mut out);
    }
    for k in &c.conflicts {
        out.push(String::new());
        out.push(format!(
            "conflict between {} (ratio {})",
            k.issuers.join(", "),
            n(k.ratio)
        ));
        for m in &k.members {
            out.push(format!(
                "  {} {} via {} score {} ({})",
                json_name(&m.status),
                m.issuer,
                m.source,
                n(m.score),
                m.statement
            ));
        }
        out.push(format!("  resolution: {}", k.resolution));
    }
    out
}

/// [`lines`] joined with newlines, ending with one.
pub fn render(consensus: &Consensus, config: &TrustConfig) -> String {
    let mut s = lines(consensus, config).join("\n");
    s.push('\n');
    s
}

fn statement_lines(index: usize, k: &Contribution, config: &TrustConfig, out: &mut Vec<String>) {
    let verdict = if k.accepted { "accepted" } else { "rejected" };
    out.push(format!(
        "#{index} {} by {} via {} [{verdict}]",
        json_name(&k.status),
        k.issuer,
        k.source
    ));
    out.push(format!("   statement {}", k.statement));
    let mut trust = format!("   trust {}", k.trust.class);
    if let Some(e) = &k.trust.entry {
        let _ = write!(trust, " (entry \"{e}\"");
        if let Some(on) = k.trust.matched_on {
            let _ = write!(trust, ", matched on {}", json_name(&on));
        }
        trust.push(')');
    }
    out.push(trust);
    let w = &config.base;
    out.push(format!(
        "   base      = {}·{} + {}·{} + {}·{} = {}",
        n(w.provenance),
        n(k.trust.provenance),
        n(w.coverage),
        n(k.trust.coverage),
        n(w.replayability),
        n(k.trust.replayability),
        n(k.base)
    ));
    let why = match k.justification {
        Some(j) => format!(" ({} {})", json_name(&k.status), json_name(&j)),
        None => format!(" ({})", json_name(&k.status)),
    };
    out.push(format!(
        "   strength  = {} [{}{why}]",
        n(k.strength),
        k.evidence.as_str()
    ));
    match (k.age_days, &k.timestamp) {
        (Some(age), Some(ts)) => out.push(format!(
            "   freshness = max({}, 2^(−{}/{})) = {} [timestamp {ts}]",
            n(config.freshness.floor),
            n(age),
            n(k.half_life_days),
            n(k.freshness)
        )),
        _ => out.push(format!(
            "   freshness = {} [undated: the floor]",
            n(k.freshness)
        )),
    }
    out.push(format!(
        "   score     = {} × {} × {} = {}",
        n(k.base),
        n(k.strength),
        n(k.freshness),
        n(k.score)
    ));
    out.push(format!("   → {}", k.reason));
}

/// A number rounded to 6 decimals, in its shortest form.
fn n(x: f64) -> String {
    format!("{}", super::consensus::round6(x))
}

/// The serde (snake/kebab-case) name of a unit enum value.
fn json_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;
    use crate::vex::VexStatus;
    use crate::vex::consensus::consensus;
    use crate::vex::scope::tests::{observation, purl_product, statement};

    #[test]
    fn worked_example_arithmetic_is_printed() {
        let cfg = TrustConfig::from_toml(
            "schema = \"stella-vex-trust@1\"\n[issuers.Acme]\nclass = \"vendor\"\n\
             provenance = 1.0\ncoverage = 0.75\nreplayability = 1.0\n",
        )
        .unwrap();
        let mut st = statement(
            "CVE-2020-25649",
            vec![purl_product(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
            )],
            VexStatus::NotAffected,
            "Acme",
            Some("2026-01-01T00:00:00Z"),
        );
        st.impact_statement = Some("not used".into());
        let mut old = statement(
            "CVE-2020-25649",
            vec![purl_product(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
            )],
            VexStatus::UnderInvestigation,
            "Someone",
            None,
        );
        old.detail = None;
        let obs = vec![observation(st, "acme"), observation(old, "hub")];
        let c = consensus(
            "CVE-2020-25649",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
            &obs,
            &cfg,
            parse_time("2026-04-01T00:00:00Z").unwrap(),
        );
        let text = render(&c, &cfg);
        let expected_head = "consensus CVE-2020-25649 on pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0\n\
status not_affected · confidence 0.27375 · 2 statement(s), 1 accepted · 0 conflict(s)\n\
evaluated at 2026-04-01T00:00:00.000Z\n";
        assert!(text.starts_with(expected_head), "{text}");
        for line in [
            "#1 not_affected by Acme via acme [accepted]",
            "   trust vendor (entry \"Acme\", matched on issuer-name)",
            "   base      = 0.45·1 + 0.35·0.75 + 0.2·1 = 0.9125",
            "   strength  = 0.6 [vendor-blanket (not_affected)]",
            "   freshness = max(0.25, 2^(−90/90)) = 0.5 [timestamp 2026-01-01T00:00:00.000Z]",
            "   score     = 0.9125 × 0.6 × 0.5 = 0.27375",
            "   → supports the consensus `not_affected`",
            "#2 under_investigation by Someone via hub [rejected]",
            "   freshness = 0.25 [undated: the floor]",
            "   → below minimum trust: score 0.034 < 0.05",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing `{line}` in\n{text}"
            );
        }
        // Deterministic: same consensus, same text.
        assert_eq!(render(&c, &cfg), text);
    }
}
