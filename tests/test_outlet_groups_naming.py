"""An outlet group is named in any language after what names an outlet (a copyright owner, a
domain, a short name-like line), never after furniture that other outlets print too ("Читайте
также", "相关新闻", "اقرأ أيضا:")."""

from __future__ import annotations

import json
import random

from index.clean.templates import GROUP_MARK, group_name

RU_WORDS = "город мост совет школа рынок дорога больница бюджет музей порт врачи мэр погода река".split()
ZH_WORDS = "城市 大桥 议会 学校 市场 道路 医院 预算 博物馆 港口 医生 市长 天气 河流".split()
AR_WORDS = "المدينة الجسر المجلس المدرسة السوق الطريق المستشفى الميزانية المتحف الميناء".split()


def ru_story(rng: random.Random) -> list[str]:
    w = lambda: rng.choice(RU_WORDS)  # noqa: E731
    return [f"Вчера {w()} и {w()} обсуждали, как {w()} будет работать, пока {w()} не отремонтируют до зимы, "
            f"а {w()} обещал, что {w()} откроется вовремя." for _ in range(4)]


def zh_story(rng: random.Random) -> list[str]:
    w = lambda: rng.choice(ZH_WORDS)  # noqa: E731
    return [f"昨天{w()}和{w()}的代表在{w()}开会，讨论{w()}在冬天之前如何修好，{w()}表示{w()}会按时重新开放。"
            for _ in range(4)]


def ar_story(rng: random.Random) -> list[str]:
    w = lambda: rng.choice(AR_WORDS)  # noqa: E731
    return [f"ناقش ممثلو {w()} و{w()} أمس كيف سيعمل {w()} حتى يتم إصلاح {w()} قبل الشتاء، وقال {w()} إن "
            f"{w()} سيفتح في موعده." for _ in range(4)]


def write(path, header, title, story, footer):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join([*header, title, *story, *footer]) + "\n", encoding="utf-8")


def test_groups_are_named_after_their_own_name_not_other_outlets_furniture(tmp_path, cli):
    rng = random.Random(7)
    corpus = tmp_path / "corpus"
    for i in range(5):
        # outlets whose folder names them, printing the same "read also" furniture
        write(corpus / "vestnik.example.ru" / f"v{i}.txt", ["Вестник Севера"], f"Новости дня номер {i}",
              ru_story(rng), ["Читайте также", "Новости партнёров"])
        write(corpus / "xinwen.example.cn" / f"x{i}.txt", ["北方新闻网"], f"今日新闻第{i}期", zh_story(rng),
              ["相关新闻", "责任编辑"])
        # outlets that never say who they are in a way one page shows
        write(corpus / f"kurier{i}.txt", ["Вечерний Курьер"], f"Репортаж номер {i}", ru_story(rng),
              ["Читайте также", "Новости партнёров"])
        write(corpus / f"chenbao{i}.txt", ["南方晨报"], f"晨报报道第{i}期", zh_story(rng), ["相关新闻", "责任编辑"])
        write(corpus / f"sahel{i}.txt", ["اقرأ أيضا:"], f"تقرير رقم {i}", ar_story(rng),
              ["www.alsahel.example.com", "شارك هذا المقال:"])
    assert cli(corpus, "index", "--quiet").exit_code == 0

    hits = json.loads(cli(corpus, "search", "*", "--json", "--limit", "100").stdout)["hits"]
    sources = {}
    for h in hits:
        sources.setdefault(h["id"].rstrip("0123456789.txt"), set()).add(h["source"])
    assert sources["kurier"] == {GROUP_MARK + "Вечерний Курьер"}, sources
    assert sources["chenbao"] == {GROUP_MARK + "南方晨报"}, sources
    assert sources["sahel"] == {GROUP_MARK + "alsahel.example.com"}, sources


def test_a_group_name_in_any_language_prefers_an_owner_a_domain_or_a_name_line():
    taken: set[str] = set()
    # a copyright owner first, whatever the script
    assert group_name(["читайте также", "© 0 вечерний курьер"], taken) == GROUP_MARK + "Вечерний Курьер"
    # a label ("Read also:") is not a name; a domain the footer spells is
    assert group_name(["اقرأ أيضا:", "www.alsahel.example.com"], taken) == GROUP_MARK + "alsahel.example.com"
    # a line other outlets print is furniture: the group's own short line names it
    assert group_name(["相关新闻", "南方晨报"], taken, furniture={"相关新闻"}) == GROUP_MARK + "南方晨报"
    # nothing but furniture: a neutral name, numbered when taken
    assert group_name(["相关新闻"], taken, furniture={"相关新闻"}) == GROUP_MARK + "Unnamed outlet"
    assert group_name(["read also"], taken, furniture={"read also"}) == GROUP_MARK + "Unnamed outlet (2)"
    # English furniture words alone are still no name; a tagline's opening words are kept
    assert group_name(["back to top", "independent reporting on the stories of the valley."], taken) == (
        GROUP_MARK + "Independent reporting on the stories…")
