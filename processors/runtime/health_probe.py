"""`python -m processors.runtime.health_probe [livez|readyz]`: exit 0 when this
container's worker answers 200 on that endpoint, 1 otherwise. For a container
HEALTHCHECK, as the slim image has no HTTP client of its own."""

import sys
import urllib.error
import urllib.request

from processors.runtime.health import HealthSettings

TIMEOUT_S = 4.0
ENDPOINTS = ("livez", "readyz")


def probe(endpoint: str, settings: HealthSettings) -> tuple[bool, str]:
    """Whether the endpoint answered 200, and what to print about it."""
    if endpoint not in ENDPOINTS:
        return (
            False,
            f"unknown endpoint {endpoint!r}; use one of {', '.join(ENDPOINTS)}",
        )
    if settings.health_port is None:
        return (
            False,
            "PROCESSORS_HEALTH_PORT is not set: this worker serves no endpoints",
        )
    url = f"http://127.0.0.1:{settings.health_port}/{endpoint}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return True, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return False, error.read().decode(errors="replace")
    except OSError as exc:
        return False, f"{url} did not answer: {exc}"


def main(arguments: list[str]) -> int:
    ok, text = probe(arguments[0] if arguments else "livez", HealthSettings())
    print(text.rstrip(), file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
