"""Prints {"<port>": "open" | "refused" | "timeout" | "error: ..."} as JSON for TCP connections to HOST PORT...

A port that is dropped on the way (DigitalOcean's SMTP block) times out; one that gets an answer, even a refusal,
is not blocked.
"""
import json
import socket
import sys

host, timeout, ports = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
result = {}
for port in ports:
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
        result[port] = "open"
    except ConnectionRefusedError:
        result[port] = "refused"
    except socket.timeout:
        result[port] = "timeout"
    except OSError as e:
        result[port] = "error: %s" % e
print(json.dumps(result))
