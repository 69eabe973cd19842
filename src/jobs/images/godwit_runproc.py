# The SageMaker Python SDK's FrameworkProcessor starts its jobs with a generated runproc.sh
# (ContainerEntrypoint ["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"]):
#
#   cd /opt/ml/processing/input/code/
#   tar -xzf sourcedir.tar.gz
#   [pip install -r requirements.txt]
#   python preprocess.py "$@"
#
# Inside a framework image `python` is the image's Python. Here this runner does the same steps
# with the configured Python (GODWIT_PYTHON, which runs this file) and with /opt/ml where the
# contract put it (GODWIT_WORKSPACE outside bubblewrap). It does not pip install: a
# requirements.txt is reported, and the packages must already be in the configured Python.
import os
import re
import sys
import tarfile

ROOT = "/opt/ml"


def host(path):
    workspace = os.environ.get("GODWIT_WORKSPACE", ROOT)
    return workspace + path[len(ROOT):] if path == ROOT or path.startswith(ROOT + "/") else path


def fail(reason):
    try:
        with open(host("/opt/ml/output/failure"), "w") as f:
            f.write(reason)
    except OSError:
        pass
    print(reason, file=sys.stderr, flush=True)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        fail("godwit_runproc.py needs the path of runproc.sh")
    script, args = host(sys.argv[1]), sys.argv[2:]
    try:
        text = open(script).read()
    except OSError as err:
        fail(f"Cannot read the FrameworkProcessor's entry point script {sys.argv[1]}: {err}")
    cd = re.search(r"^\s*cd\s+(\S+)", text, re.M)
    run = [m for m in re.finditer(r"^\s*(\S+)\s+(\S+)\s+\"\$@\"\s*$", text, re.M)]
    if not cd or not run:
        fail(f"{sys.argv[1]} is not the runproc.sh the SageMaker SDK's FrameworkProcessor writes "
             "(cd <code dir>; tar -xzf sourcedir.tar.gz; <python> <entry point> \"$@\").")
    os.chdir(host(cd.group(1)))
    if os.path.exists("sourcedir.tar.gz"):
        with tarfile.open("sourcedir.tar.gz") as archive:
            archive.extractall(".", filter="data") if hasattr(tarfile, "data_filter") else archive.extractall(".")
    if os.path.exists("requirements.txt"):
        print("Godwit: requirements.txt is not installed here; its packages must be in the configured Python "
              f"({sys.executable}).", flush=True)
    entry = run[-1].group(2)
    os.execv(sys.executable, [sys.executable, entry, *args])


if __name__ == "__main__":
    main()
