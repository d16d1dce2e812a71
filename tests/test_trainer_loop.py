"""The trainer's edit loop: `mkdocs serve` picks up YAML edits and survives broken ones."""

from __future__ import annotations

import json

from conftest import FIXTURES, make_project, run_tool
from serving import fetch, mkdocs_serve, wait_for


def test_serve_rebuilds_on_yaml_edit_and_keeps_serving_after_a_broken_one(tmp_path):
    project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks")
    log = tmp_path / "serve.log"
    yaml_file = project / "playbooks" / "steps.yml"
    with mkdocs_serve(project, log) as base:
        url = base + "playbooks/fx-steps/"
        assert wait_for(lambda: "检查售点库存" in fetch(url)), log.read_text()
        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("检查售点库存", "先查库存"), encoding="utf-8")
        assert wait_for(lambda: "先查库存" in fetch(url)), log.read_text()

        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("    title: 整理货架", "    titel: 整理货架"), encoding="utf-8")
        assert wait_for(lambda: "entries[1].titel: 不认识的字段 titel — 是不是想写 title？" in log.read_text()), log.read_text()
        # The last good content is still served, with the report above it.
        assert wait_for(lambda: "下面显示的是上一次正确的版本" in fetch(url)), log.read_text()
        page = fetch(url)
        assert "先查库存" in page
        assert "playbooks/steps.yml:14:5: entries[1].titel: 不认识的字段 titel" in page
        assert "Traceback" not in log.read_text()

        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("titel:", "title:"), encoding="utf-8")
        assert wait_for(lambda: "上一次正确的版本" not in fetch(url)), log.read_text()


def test_properdocs_builds_the_same_site(tmp_path):
    project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks")
    run = run_tool(project, "build", "-f", "mkdocs.yml", "--strict", "-d", str(project / "site"), tool="properdocs")
    assert run.returncode == 0, run.stderr
    html = run.html("playbooks/fx-stages/index.html")
    assert '<h2 id="fx-level-work">' in html
    assert 'href="../fx-taboos/#fx-no-cash"' in html


# Under `mkdocs serve`, pages whose indexed text did not change keep their entries from the last
# rebuild (handbook/search_reuse.py). After every edit the served index must equal a fresh build's.
SERVE_EDITS = [
    # (file, old text, new text, a page that then shows `shown`)
    ("playbooks/steps.yml", "检查售点库存", "先查库存", "playbooks/fx-steps/", "先查库存"),
    # an entry linked from another playbook: both pages change
    ("playbooks/taboos.yml", "不给采购塞红包", "绝不塞红包", "playbooks/fx-brief/", "绝不塞红包"),
    # inside a quiz block, which search leaves out
    ("quizzes/visit.yml", "客情就是请客吃饭。", "客情就是吃饭喝酒。", "quizzes/fx-visit-quiz/", "客情就是吃饭喝酒。"),
    # a playbook's title: every page's navigation changes
    ("playbooks/steps.yml", "title: 拜访步骤", "title: 进店步骤", "playbooks/fx-taboos/", "进店步骤"),
]


def test_serve_rebuilds_keep_the_search_index_a_full_build_writes(tmp_path):
    project = make_project(tmp_path, FIXTURES / "handbook" / "playbooks", FIXTURES / "handbook" / "quizzes")
    log = tmp_path / "serve.log"

    def built_index(step: int):
        run = run_tool(project, "build", "-d", str(tmp_path / f"built-{step}"))
        assert run.returncode == 0, run.stderr
        return json.loads((tmp_path / f"built-{step}" / "search" / "search_index.json").read_text(encoding="utf-8"))

    with mkdocs_serve(project, log) as base:
        def served_index():
            return json.loads(fetch(base + "search/search_index.json"))

        assert wait_for(lambda: "检查售点库存" in fetch(base + "playbooks/fx-steps/")), log.read_text()
        for step, (name, old, new, page, shown) in enumerate(SERVE_EDITS):
            path = project / name
            text = path.read_text(encoding="utf-8")
            assert old in text, (name, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
            assert wait_for(lambda: shown in fetch(base + page)), log.read_text()
            expected = built_index(step)
            if not wait_for(lambda: served_index() == expected, seconds=20):
                served = {doc["location"]: doc for doc in served_index()["docs"]}
                wanted = {doc["location"]: doc for doc in expected["docs"]}
                differ = [loc for loc in served.keys() | wanted.keys() if served.get(loc) != wanted.get(loc)]
                raise AssertionError(f"after editing {name}: served index differs at {sorted(differ)[:5]}")
        assert "Traceback" not in log.read_text()
