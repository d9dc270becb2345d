"""An RSA key pair made by openssl, for the scripts that generate signed test messages."""
import base64, os, subprocess, tempfile

_tmp = tempfile.mkdtemp()


def rsa_key(bits):
    """A fresh key of `bits` bits: (private key PEM, public key DER in base64, as p= takes it)."""
    path = os.path.join(_tmp, f'rsa{bits}.pem')
    subprocess.run(['openssl', 'genrsa', '-traditional', '-out', path, str(bits)], check=True, capture_output=True)
    pem = open(path, 'rb').read()
    pub = subprocess.run(['openssl', 'rsa', '-in', path, '-pubout', '-outform', 'DER'], check=True, capture_output=True).stdout
    return pem, base64.b64encode(pub).decode()
