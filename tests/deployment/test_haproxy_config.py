"""HAProxy accepts deploy/haproxy/compose.cfg (``haproxy -c``), with a throwaway certificate.

The real HAProxy from Debian's packages (scripts/ensure-servers installs it)
parses the file; only the certificate's path, a compose secret at run time,
points at a self-signed one made here.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.deployment.files import ROOT

CONFIG = ROOT / "deploy/haproxy/compose.cfg"
CERTIFICATE_PATH = "/run/secrets/tls.pem"


def self_signed_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "news.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_haproxy_accepts_the_compose_config(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert Path(haproxy).exists(), "haproxy is missing: run scripts/ensure-servers"
    (tmp_path / "tls.pem").write_bytes(self_signed_pem())
    text = CONFIG.read_text()
    assert CERTIFICATE_PATH in text
    (tmp_path / "haproxy.cfg").write_text(text.replace(CERTIFICATE_PATH, str(tmp_path / "tls.pem")))

    result = subprocess.run(
        [haproxy, "-c", "-f", str(tmp_path / "haproxy.cfg")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
