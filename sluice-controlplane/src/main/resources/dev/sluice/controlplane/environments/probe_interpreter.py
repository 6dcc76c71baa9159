# Reports what a Python interpreter has, for Sluice's environment resolver (standard library only).
# argv[1]: JSON {"packages": [{"name": "<normalized distribution>", "modules": ["<import name>", ...]}], "import": bool}
# argv[2]: where to write the JSON report (stdout stays free for whatever imported modules print)
import importlib
import json
import re
import sys


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_names(dist):
    text = dist.read_text("top_level.txt")
    if text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    names = []
    for path in dist.files or []:
        parts = path.parts
        first = parts[0] if parts else ""
        if not first or first in ("..", "__pycache__") or first.endswith((".dist-info", ".egg-info", ".data")):
            continue
        name = first[:-3] if len(parts) == 1 and first.endswith(".py") else (first if len(parts) > 1 else "")
        if name and name.isidentifier() and name not in names:
            names.append(name)
    return names


def installed():
    from importlib import metadata
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"] if dist.metadata else None
        if name and normalize(name) not in found:
            found[normalize(name)] = (dist.version, top_level_names(dist))
    return found


def main():
    request = json.loads(sys.argv[1])
    report = {"python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable, "prefix": sys.prefix,
              "packages": {}}
    if sys.version_info < (3, 8):
        report["error"] = "Python %d.%d is too old (expected: Python 3.8 or later)" % sys.version_info[:2]
    else:
        try:
            import pip  # noqa: F401
            report["pip"] = True
        except ImportError:
            report["pip"] = False
        dists = installed()
        for package in request["packages"]:
            version, tops = dists.get(package["name"], (None, []))
            candidates = []
            for module in list(package.get("modules") or []) + [t for t in tops if not t.startswith("_")] \
                    + [package["name"].replace("-", "_")]:
                if module not in candidates:
                    candidates.append(module)
            entry = {"version": version, "module": candidates[0]}
            if request.get("import"):
                entry["imports"] = False
                for module in candidates:
                    try:
                        importlib.import_module(module)
                        entry["module"], entry["imports"] = module, True
                        break
                    except BaseException as error:
                        entry.setdefault("error", "import %s: %s: %s" % (module, type(error).__name__, error))
                if entry["imports"]:
                    entry.pop("error", None)
            report["packages"][package["name"]] = entry
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(report, out)


main()
