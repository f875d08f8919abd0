//! A comma-separated list of `host[:port]`: the nodes of a RabbitMQ cluster (`RABBIT_HOSTS`)
//! or of a PostgreSQL primary and its standbys (`POSTGRES_HOST`), parsed once, strictly.
#![forbid(unsafe_code)]
use std::fmt;

/// Entries in one list. A cluster has 3 or 5 nodes; more is a typo or a paste gone wrong, and
/// each entry may cost a connect timeout when the nodes before it are down.
pub const HOSTS_MAX: usize = 16;
/// A DNS name is at most 253 bytes; an IPv6 literal is shorter.
pub const HOST_BYTES_MAX: usize = 253;

/// One node: a host name or IP address, and a TCP port.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HostPort {
    /// Name or address as written (an IPv6 literal without its brackets).
    pub host: String,
    /// TCP port, 1-65535.
    pub port: u16,
}

/// `host:port`, with an IPv6 literal in brackets.
impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Debug for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Parses `host[:port],host[:port],...`; an entry without a port gets `default_port`. Spaces
/// around entries are allowed. Refused: an empty list or entry, a bad or zero port, a host
/// with spaces or too long, a name listed twice, more than [`HOSTS_MAX`] entries. The error
/// is a sentence to append to the variable's name.
pub fn parse(text: &str, default_port: u16) -> Result<Vec<HostPort>, String> {
    if text.trim().is_empty() {
        return Err("is empty: expected host[:port][,host[:port]...]".to_owned());
    }
    let mut hosts: Vec<HostPort> = Vec::new();
    for (index, entry) in text.split(',').enumerate() {
        if index == HOSTS_MAX {
            return Err(format!("lists more than {HOSTS_MAX} hosts"));
        }
        let entry = entry.trim();
        let host = parse_entry(entry, default_port)
            .map_err(|why| format!("entry {} ({entry:?}) {why}", index + 1))?;
        if hosts.contains(&host) {
            return Err(format!("lists {host} twice"));
        }
        hosts.push(host);
    }
    Ok(hosts)
}

fn parse_entry(entry: &str, default_port: u16) -> Result<HostPort, &'static str> {
    let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
        // [v6]:port or [v6]
        let (host, after) = rest.split_once(']').ok_or("has no closing ]")?;
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(after.strip_prefix(':').ok_or("has text after ]")?),
            ),
        }
    } else if entry.matches(':').count() > 1 {
        return Err("is an IPv6 address without brackets: write [addr]:port");
    } else {
        match entry.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (entry, None),
        }
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if host.len() > HOST_BYTES_MAX {
        return Err("has a host name longer than 253 bytes");
    }
    if host
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b == b'/' || b == b'@')
    {
        return Err("has a host with a space, control character, / or @");
    }
    let port = match port {
        None => default_port,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => port,
            _ => return Err("has no port number 1-65535 after the colon"),
        },
    };
    Ok(HostPort {
        host: host.to_owned(),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Result<&str, &str>) {
        let got = parse(input, 5672).map(|hosts| {
            hosts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        assert_eq!(
            got.as_deref().map_err(String::as_str),
            expected,
            "{input:?}"
        );
    }

    #[test]
    fn lists_parse_strictly() {
        check("127.0.0.1", Ok("127.0.0.1:5672"));
        check("a:1,b:2, c ", Ok("a:1,b:2,c:5672"));
        check("[::1]:5673,[fe80::1]", Ok("[::1]:5673,[fe80::1]:5672"));
        check("rabbit-1.internal:5672", Ok("rabbit-1.internal:5672"));
        check("", Err("is empty: expected host[:port][,host[:port]...]"));
        check(" , ", Err("entry 1 (\"\") has no host"));
        check("a,,b", Err("entry 2 (\"\") has no host"));
        check(
            "a:0",
            Err("entry 1 (\"a:0\") has no port number 1-65535 after the colon"),
        );
        check(
            "a:+5",
            Err("entry 1 (\"a:+5\") has no port number 1-65535 after the colon"),
        );
        check(
            "a:70000",
            Err("entry 1 (\"a:70000\") has no port number 1-65535 after the colon"),
        );
        check(
            "a:",
            Err("entry 1 (\"a:\") has no port number 1-65535 after the colon"),
        );
        check(":5672", Err("entry 1 (\":5672\") has no host"));
        check(
            "::1",
            Err("entry 1 (\"::1\") is an IPv6 address without brackets: write [addr]:port"),
        );
        check("[::1", Err("entry 1 (\"[::1\") has no closing ]"));
        check("[::1]x", Err("entry 1 (\"[::1]x\") has text after ]"));
        check(
            "a b:1",
            Err("entry 1 (\"a b:1\") has a host with a space, control character, / or @"),
        );
        check(
            "u@a",
            Err("entry 1 (\"u@a\") has a host with a space, control character, / or @"),
        );
        check("a:5672,a", Err("lists a:5672 twice"));
    }

    #[test]
    fn a_list_is_bounded() {
        let list = (0..HOSTS_MAX).map(|i| format!("h{i}")).collect::<Vec<_>>();
        assert_eq!(parse(&list.join(","), 1).map(|h| h.len()), Ok(HOSTS_MAX));
        let longer = format!("{},extra", list.join(","));
        check(&longer, Err("lists more than 16 hosts"));
        let long_host = "h".repeat(HOST_BYTES_MAX + 1);
        assert_eq!(
            parse(&long_host, 1),
            Err("entry 1 (\"".to_owned()
                + &long_host
                + "\") has a host name longer than 253 bytes")
        );
    }
}
