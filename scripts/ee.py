"""The execution environment (execution-environment.yml), built offline and cached.

    python scripts/ee.py context   # the inputs in .build/ee, then `ansible-builder create` into .build/ee/context
    python scripts/ee.py build     # that, then `docker build` unless tide-ee:<hash> exists; prints the image name

No registry or Galaxy is reachable, so everything the build installs lies in its context:
- .build/ee/collections: this checkout's `ansible-galaxy collection build` and the dependencies galaxy.yml declares,
  packed from the `ansible` package's bundled copies (an installed collection with its MANIFEST.json and FILES.json
  is what a collection tarball holds);
- .build/ee/wheels: what pip installs in the image (pip itself, ansible-builder's bindep/PyYAML/packaging,
  dumb-init, ansible-core, ansible-runner, and the Python requirements of the collections as ansible-builder's
  introspection finds them), downloaded by the host's pip, which uses this machine's configured indexes.
The image is tagged tide-ee:<hash of the build context> (the collection by its files' checksums, not the tarball's
bytes) and labelled tide.ee.inputs; older tide-ee images with that label are removed after a build.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = REPO / ".build" / "ee"
CONTEXT = OUT / "context"
BUNDLED = Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"
IMAGE = "tide-ee"
LABEL = "tide.ee.inputs"
# What ansible-builder's Containerfile installs with pip besides the requirements files (its base stage and the
# container init of its final stage).
BUILDER_PACKAGES = ["pip", "bindep", "PyYAML", "packaging", "dumb-init==1.2.5"]


def sh(*command, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run([str(c) for c in command], **kwargs)


def definition():
    return yaml.safe_load((REPO / "execution-environment.yml").read_text())


def galaxy_dependencies():
    return yaml.safe_load((REPO / "galaxy.yml").read_text())["dependencies"]


def tarball_name(collection):
    return collection.replace(".", "-") + ".tar.gz"


def build_collection(folder):
    """This checkout's tarball as folder/tide-digitalocean.tar.gz; returns the digest of its files (FILES.json)."""
    with tempfile.TemporaryDirectory() as tmp:
        sh(BIN / "ansible-galaxy", "collection", "build", "--output-path", tmp, REPO, stdout=subprocess.DEVNULL)
        built, = Path(tmp).glob("tide-digitalocean-*.tar.gz")
        with tarfile.open(built) as archive:
            files = json.load(archive.extractfile("FILES.json"))["files"]
            manifest = json.load(archive.extractfile("MANIFEST.json"))["collection_info"]
        shutil.move(str(built), str(folder / tarball_name("tide.digitalocean")))
    listing = sorted((f["name"], f.get("chksum_sha256") or "") for f in files)
    return hashlib.sha256(json.dumps([manifest, listing]).encode()).hexdigest()


def pack_dependency(collection, folder):
    """The bundled copy of `collection` packed as a tarball (kept while its version is the same)."""
    source = BUNDLED.joinpath(*collection.split("."))
    version = json.loads((source / "MANIFEST.json").read_text())["collection_info"]["version"]
    target = folder / tarball_name(collection)
    stamp = folder / (tarball_name(collection) + ".version")
    if target.is_file() and stamp.is_file() and stamp.read_text() == version:
        return version
    # What `ansible-galaxy collection install` extracts: MANIFEST.json, FILES.json and each entry FILES.json lists
    # (directories included, with their checksums), as `ansible-galaxy collection build` lays them out. The
    # `ansible` package leaves out some of the listed files (CI configuration): FILES.json is rewritten without
    # them, and MANIFEST.json with that FILES.json's checksum.
    files = json.loads((source / "FILES.json").read_text())
    files["files"] = [f for f in files["files"] if f["name"] == "." or (source / f["name"]).exists()]
    files_json = json.dumps(files, indent=4).encode()
    manifest = json.loads((source / "MANIFEST.json").read_text())
    manifest["file_manifest_file"]["chksum_sha256"] = hashlib.sha256(files_json).hexdigest()

    def add_bytes(archive, name, data):
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        archive.addfile(info, io.BytesIO(data))

    with tarfile.open(target, "w:gz") as archive:
        add_bytes(archive, "MANIFEST.json", json.dumps(manifest, indent=4).encode())
        add_bytes(archive, "FILES.json", files_json)
        for entry in files["files"]:
            if entry["name"] != ".":
                archive.add(source / entry["name"], arcname=entry["name"], recursive=False)
    stamp.write_text(version)
    return version


def python_requirements():
    """The pip requirements of the image: ansible-builder's introspection of the collections (the one it runs in
    its builder stage), plus what the Containerfile installs itself."""
    ee = definition()["dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ansible_collections"
        for collection, where in [("tide.digitalocean", REPO)] + [
                (c, BUNDLED.joinpath(*c.split("."))) for c in galaxy_dependencies()]:
            namespace, name = collection.split(".")
            (root / namespace).mkdir(parents=True, exist_ok=True)
            (root / namespace / name).symlink_to(where)
        written = Path(tmp) / "requirements.txt"
        sh(BIN / "ansible-builder", "introspect", "--sanitize", "--write-pip", written, tmp,
           stdout=subprocess.DEVNULL)
        introspected = [line.split("#")[0].strip() for line in written.read_text().splitlines()]
    return [*BUILDER_PACKAGES, ee["ansible_core"]["package_pip"], ee["ansible_runner"]["package_pip"],
            *sorted(r for r in introspected if r)]


def download_wheels(folder):
    """The wheels for python_requirements() (kept while that list is the same)."""
    wanted = "\n".join(python_requirements()) + "\n"
    stamp = folder / "requirements.in"
    if stamp.is_file() and stamp.read_text() == wanted and any(folder.glob("pip-*.whl")):
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    requirements = folder / "requirements.tmp"
    requirements.write_text(wanted)
    sh(BIN / "python", "-m", "pip", "download", "-q", "--only-binary=:all:", "-d", folder, "-r", requirements)
    requirements.rename(stamp)


def context():
    """The inputs, then `ansible-builder create`; returns the hash that names the image."""
    collections, wheels = OUT / "collections", OUT / "wheels"
    collections.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    digest.update(build_collection(collections).encode())
    for collection in sorted(galaxy_dependencies()):
        digest.update(("%s %s\n" % (collection, pack_dependency(collection, collections))).encode())
    download_wheels(wheels)
    shutil.rmtree(CONTEXT, ignore_errors=True)
    sh(BIN / "ansible-builder", "create", "-f", REPO / "execution-environment.yml", "-c", CONTEXT,
       "--output-filename", "Containerfile", stdout=subprocess.DEVNULL)
    skip = CONTEXT / "_build" / "collections" / tarball_name("tide.digitalocean")
    for path in sorted(CONTEXT.rglob("*")):
        if path.is_file() and path != skip:
            digest.update(str(path.relative_to(CONTEXT)).encode() + b"\0" + path.read_bytes())
    base = definition()["images"]["base_image"]["name"]
    base_id = sh("docker", "image", "inspect", "--format", "{{.Id}}", base, capture_output=True, text=True)
    digest.update(base_id.stdout.strip().encode())
    return digest.hexdigest()[:16]


def build():
    """The image tide-ee:<hash>, built unless present; older tide-ee images of this script are removed."""
    tag = "%s:%s" % (IMAGE, context())
    present = sh("docker", "image", "inspect", tag, check=False, capture_output=True).returncode == 0
    if not present:
        log = OUT / "build.log"
        with log.open("w") as output:
            done = sh("docker", "build", "--force-rm", "--label", "%s=%s" % (LABEL, tag.split(":")[1]), "-t", tag,
                      "-f", CONTEXT / "Containerfile", CONTEXT, check=False, stdout=output,
                      stderr=subprocess.STDOUT, env=dict(os.environ, DOCKER_BUILDKIT="0"))
        if done.returncode:
            sys.stderr.write(log.read_text()[-6000:])
            raise SystemExit("docker build of %s failed; see %s" % (tag, log))
    mine = sh("docker", "image", "ls", "--filter", "reference=%s" % IMAGE, "--filter", "label=%s" % LABEL,
              "--format", "{{.Repository}}:{{.Tag}}", capture_output=True, text=True).stdout.split()
    for old in mine:
        if old != tag:
            sh("docker", "image", "rm", old, check=False, capture_output=True)
    # The legacy builder (dockerd has no buildx here) keeps the galaxy and builder stages as untagged images; they
    # carry the label the base stage sets (execution-environment.yml), so only this build's leftovers are removed.
    # (Removing a leaf can leave its parent a leaf: again until none is left.)
    for _ in range(10):
        stages = sh("docker", "image", "ls", "-q", "--filter", "dangling=true", "--filter", "label=tide.ee.stage",
                    capture_output=True, text=True).stdout.split()
        if not stages or sh("docker", "image", "rm", *stages, check=False, capture_output=True).returncode:
            break
    return tag


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command == "context":
        print(context())
    elif command == "build":
        print(build())
    else:
        raise SystemExit(__doc__)
