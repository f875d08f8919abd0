//! The open-files limit a service needs: what its systemd unit grants, and its refusal to
//! start below the need.
use std::process::Command;

/// `LimitNOFILE=` of `scripts/systemd/<service>.service`.
pub fn granted_by_unit(service: &str) -> u64 {
    let path = format!(
        "{}/../scripts/systemd/{service}.service",
        env!("CARGO_MANIFEST_DIR")
    );
    let unit = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    unit.lines()
        .find_map(|l| l.strip_prefix("LimitNOFILE="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no numeric LimitNOFILE= in {path}"))
}

/// Starts `service` with `env` under `ulimit -n` one below `needed` (soft and hard): it must
/// refuse to start, saying the limit, the need and the fix.
pub fn assert_refused_below(service: &str, env: &[(&str, &str)], needed: u64) {
    let low = needed - 1;
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -n {low} && exec \"$0\""))
        .arg(crate::binary(service))
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{service} started: {output:?}");
    assert!(
        stderr.contains(&format!("the open files limit is {low}"))
            && stderr.contains(&format!("needs {needed}"))
            && stderr.contains("LimitNOFILE="),
        "{stderr}"
    );
}
