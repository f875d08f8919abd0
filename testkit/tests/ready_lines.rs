//! The ready lines are defined once for Rust (`edge::ready`) and once for the scripts
//! (`scripts/lib/common.sh`): both must say the same.
use std::path::Path;

#[test]
fn the_scripts_wait_for_the_lines_the_services_print() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/lib/common.sh");
    let text = std::fs::read_to_string(&path).expect("scripts/lib/common.sh");
    let value = |name: &str| {
        let prefix = format!("export {name}=\"");
        text.lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{name} is not defined in {}", path.display()))
            .to_owned()
    };
    assert_eq!(value("READY_LISTENING"), edge::ready::LISTENING);
    assert_eq!(
        value("READY_METRICS_LISTENING"),
        edge::ready::METRICS_LISTENING
    );
    assert_eq!(value("READY_CONSUMING"), edge::ready::CONSUMING);
    assert_eq!(
        edge::ready::listening("gateway", "127.0.0.1:8080"),
        "gateway listening on http://127.0.0.1:8080"
    );
    assert_eq!(
        edge::ready::consuming("billing", "billing_queue"),
        "billing consuming billing_queue"
    );
}
