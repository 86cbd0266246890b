"""Certificates: custom uploads read from the PEM (names, expiry, fingerprint, the key must match), Let's Encrypt
ones for domains of the account, pending then verified, and what a load balancer's https rule names."""

import contextlib
import datetime
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def pem_pair(*names, days=30):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode(), cert


@contextlib.contextmanager
def later(emulator, seconds):
    clock = emulator.app.clock
    emulator.app.clock = lambda: clock() + seconds
    try:
        yield
    finally:
        emulator.app.clock = clock


def test_custom_certificate_is_read_from_its_pem(api, do_client):
    key, leaf, cert = pem_pair("www.example.com", "example.com")
    r = api.post("/v2/certificates", json={"name": "web-cert", "type": "custom", "private_key": key,
                                           "leaf_certificate": leaf})
    assert r.status_code == 201, r.text
    shown = r.json()["certificate"]
    assert shown["dns_names"] == ["www.example.com", "example.com"] and shown["type"] == "custom"
    assert shown["state"] == "verified"
    assert shown["sha1_fingerprint"] == hashlib.sha1(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    assert shown["not_after"] == cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert do_client.certificates.get(shown["id"])["certificate"] == shown
    assert [c["id"] for c in do_client.certificates.list(name="web-cert")["certificates"]] == [shown["id"]]
    assert do_client.certificates.list(name="other")["certificates"] == []
    assert api.delete("/v2/certificates/" + shown["id"]).status_code == 204
    assert api.get("/v2/certificates/" + shown["id"]).status_code == 404


def test_lets_encrypt_certificate_is_pending_then_verified_for_domains_of_the_account(emulator, api):
    assert api.post("/v2/domains", json={"name": "example.com"}).status_code == 201
    body = {"name": "le-cert", "type": "lets_encrypt", "dns_names": ["example.com", "*.example.com"]}
    emulator.app.config.action_seconds = 60
    r = api.post("/v2/certificates", json=body)
    assert r.status_code == 201, r.text
    shown = r.json()["certificate"]
    assert shown["state"] == "pending" and shown["dns_names"] == ["example.com", "*.example.com"]
    with later(emulator, 61):
        assert api.get("/v2/certificates/" + shown["id"]).json()["certificate"]["state"] == "verified"
    r = api.post("/v2/certificates", json=dict(body, name="other", dns_names=["www.elsewhere.org"]))
    assert r.status_code == 422
    api.violations.clear()  # the spec declares errors of this operation as `default` only


@pytest.mark.parametrize("change", [
    {"name": ""}, {"type": "self_signed"}, {"private_key": "not a key"}, {"leaf_certificate": "not a cert"},
    {"mismatched_key": True}, {"name": "taken"},
])
def test_bad_custom_certificates_are_refused_and_nothing_is_stored(api, change):
    key, leaf = pem_pair("a.example.com")[:2]
    other_key = pem_pair("b.example.com")[0]
    api.post("/v2/certificates", json={"name": "taken", "private_key": key, "leaf_certificate": leaf,
                                       "type": "custom"})
    body = {"name": "new", "type": "custom", "private_key": key, "leaf_certificate": leaf}
    if change.pop("mismatched_key", False):
        body["private_key"] = other_key
    body.update(change)
    r = api.post("/v2/certificates", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity"
    assert api.get("/v2/certificates").json()["meta"]["total"] == 1
    api.violations.clear()


def test_a_load_balancer_https_rule_names_an_uploaded_certificate(api):
    key, leaf = pem_pair("lb.example.com")[:2]
    cert = api.post("/v2/certificates", json={"name": "lb-cert", "private_key": key,
                                              "leaf_certificate": leaf}).json()["certificate"]
    rule = {"entry_protocol": "https", "entry_port": 443, "target_protocol": "http", "target_port": 80,
            "certificate_id": cert["id"]}
    r = api.post("/v2/load_balancers", json={"name": "lb", "region": "nyc3", "forwarding_rules": [rule]})
    assert r.status_code == 202, r.text
    assert r.json()["load_balancer"]["forwarding_rules"][0]["certificate_id"] == cert["id"]
