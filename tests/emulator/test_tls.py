"""--tls-cert/--tls-key: the emulator serves https, so an unmodified pydo.Client (whose bearer-token policy refuses
plain http) talks to it with certificate verification on."""

import datetime
import ipaddress
import threading

import pydo
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from do_emulator.app import EmulatorApp
from do_emulator.config import Config
from do_emulator.server import EmulatorServer


@pytest.fixture
def certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_https_with_an_unmodified_pydo_client(certificate, contract):
    cert_file, key_file = certificate
    config = Config(port=0, action_seconds=0, tls_cert=cert_file, tls_key=key_file)
    server = EmulatorServer(EmulatorApp(config), "127.0.0.1", 0, cert_file, key_file)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        assert server.url.startswith("https://127.0.0.1:")
        client = pydo.Client("tls-token", endpoint=server.url, connection_verify=cert_file, retry_total=0)
        created = client.droplets.create({"name": "tls-1", "region": "nyc3", "size": "s-1vcpu-1gb",
                                          "image": "debian-12-x64"})
        listed = client.droplets.list(per_page=200)
        assert [d["name"] for d in listed["droplets"]] == ["tls-1"]
        assert created["droplet"]["id"] == listed["droplets"][0]["id"]
        assert listed["links"] == {}  # one page: no links, and any link would be https://
    finally:
        server.shutdown()
        server.server_close()
