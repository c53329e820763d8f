"""The data files of demo/content/: every name they use refers to something they define."""

from demo.loader import MEDIA, PAGE_TYPES, _walk, read


def people() -> set[str]:
    users = read("users.yaml")
    return {p["username"] for p in (*users["accounts"], *users["staff"], *users["citizens"])}


def all_pages() -> list[dict]:
    return [
        read("projects.yaml")["index"],
        *read("projects.yaml")["projects"],
        *read("pages.yaml")["pages"],
        read("ideas.yaml")["platform"],
        *read("decisions.yaml")["pages"],
    ]


def test_pages_have_known_types_and_unique_slugs():
    pages = all_pages()
    assert {page["type"] for page in pages} <= set(PAGE_TYPES)
    slugs = [page["slug"] for page in pages]
    assert len(slugs) == len(set(slugs))


def test_media_files_exist_and_keys_are_unique():
    media = read("media.yaml")
    for kind in ("images", "documents"):
        keys = [item["key"] for item in media[kind]]
        assert len(keys) == len(set(keys)), kind
        for item in media[kind]:
            assert (MEDIA / item["file"]).is_file(), item["file"]


def test_ideas_name_known_people_and_departments():
    data = read("ideas.yaml")
    known = people()
    for idea in data["ideas"]:
        assert idea["department"] in data["departments"], idea["title"]
        assert {idea["author"], *idea["supporters"]} <= known, idea["title"]
        assert idea["author"] not in idea["supporters"], idea["title"]
    slugs = {page["slug"] for page in read("projects.yaml")["projects"]}
    for slug, proposals in data["proposals"].items():
        assert slug in slugs
        for proposal in proposals:
            names = {proposal["author"], *proposal["supporters"], *proposal.get("followers", [])}
            assert names <= known, proposal["title"]


def test_decisions_and_threads_name_known_ideas_and_people():
    ideas = read("ideas.yaml")
    internal = {idea["title"] for idea in ideas["ideas"]}
    decisions = read("decisions.yaml")
    assert decisions["recorded_by"] in people()
    for trail in decisions["ideas"]:
        assert trail["idea"] in internal
    for slug, trails in decisions["proposals"].items():
        titles = {proposal["title"] for proposal in ideas["proposals"][slug]}
        for trail in trails:
            assert trail["idea"] in titles
            for step in trail["steps"]:
                assert step.get("merged_into", trail["idea"]) in titles
    threads = read("threads.yaml")
    assert set(threads["ideas"]) <= internal
    for slug, by_title in threads["proposals"].items():
        assert set(by_title) <= {proposal["title"] for proposal in ideas["proposals"][slug]}
    every = [
        *threads["ideas"].values(),
        *threads["projects"].values(),
        *(thread for by_title in threads["proposals"].values() for thread in by_title.values()),
    ]
    for comment in _walk(c for thread in every for c in thread):
        assert {comment["author"], *comment.get("likes", [])} <= people(), comment["text"]
