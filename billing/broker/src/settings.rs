//! `RABBIT_HOSTS`, or the older `RABBIT_HOST` and `RABBIT_PORT` read as a list of one.
use hostlist::HostPort;

/// AMQP's port, for an entry of `RABBIT_HOSTS` without one and an unset `RABBIT_PORT`.
pub const DEFAULT_PORT: u16 = 5672;

/// The nodes to try, in order. `RABBIT_HOSTS` (`host[:port],...`) wins when set and not
/// empty; else `RABBIT_HOST` (default `127.0.0.1`) and `RABBIT_PORT` (default 5672) name one
/// node. Setting both forms is refused, since one would be silently ignored. The error names
/// the variable and says what is wrong.
pub fn nodes<'a>(
    rabbit_hosts: Option<&'a str>,
    rabbit_host: Option<&'a str>,
    rabbit_port: Option<&'a str>,
) -> Result<Vec<HostPort>, (&'static str, String)> {
    let set = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
    let (hosts, host, port) = (set(rabbit_hosts), set(rabbit_host), set(rabbit_port));
    if let Some(hosts) = hosts {
        if host.is_some() || port.is_some() {
            return Err((
                "RABBIT_HOSTS",
                "is set together with RABBIT_HOST or RABBIT_PORT: set only RABBIT_HOSTS".into(),
            ));
        }
        return hostlist::parse(hosts, DEFAULT_PORT).map_err(|why| ("RABBIT_HOSTS", why));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 => port,
            _ => {
                return Err((
                    "RABBIT_PORT",
                    format!("is not a port number (1-65535): {text:?}"),
                ))
            }
        },
    };
    let host = host.unwrap_or("127.0.0.1");
    if host.contains(',') {
        return Err((
            "RABBIT_HOST",
            "holds a list: set RABBIT_HOSTS for several nodes".into(),
        ));
    }
    Ok(vec![HostPort {
        host: host.to_owned(),
        port,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(
        vars: (Option<&str>, Option<&str>, Option<&str>),
        expected: Result<&str, (&str, &str)>,
    ) {
        let got = nodes(vars.0, vars.1, vars.2).map(|nodes| {
            nodes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        let got = match &got {
            Ok(list) => Ok(list.as_str()),
            Err((variable, why)) => Err((*variable, why.as_str())),
        };
        assert_eq!(got, expected, "{vars:?}");
    }

    #[test]
    fn one_node_or_a_list() {
        check((None, None, None), Ok("127.0.0.1:5672"));
        check((Some(""), Some("b"), Some("5673")), Ok("b:5673"));
        check((Some("a:1,b"), None, Some("")), Ok("a:1,b:5672"));
        check(
            (Some("a"), Some("b"), None),
            Err((
                "RABBIT_HOSTS",
                "is set together with RABBIT_HOST or RABBIT_PORT: set only RABBIT_HOSTS",
            )),
        );
        check(
            (None, None, Some("0")),
            Err(("RABBIT_PORT", "is not a port number (1-65535): \"0\"")),
        );
        check(
            (None, Some("a,b"), None),
            Err((
                "RABBIT_HOST",
                "holds a list: set RABBIT_HOSTS for several nodes",
            )),
        );
        check(
            (Some("a,a"), None, None),
            Err(("RABBIT_HOSTS", "lists a:5672 twice")),
        );
    }
}
