"""Sphinx configuration of the bpkit course book (``make book``; ``tools/book.py`` passes this folder as confdir).

The sources are copies of the notebooks that ``tools/book.py`` writes under ``build/book-src``; their committed
outputs are rendered as they are (``nb_execution_mode = "off"``). Nothing is fetched when a page is viewed:
the theme's fonts and icons ship in its wheel, MathJax 2.7.7 is copied into ``_static/mathjax`` from the pinned npm
package after the build, and widgets have no embedded state (a note replaces them).
"""

import json
from pathlib import Path

from docutils import nodes

project = "bpkit course"
author = "the bpkit course authors"
copyright = "the bpkit course authors"
html_title = "bpkit course: backpropagation, derived and checked"
language = "en"

extensions = ["myst_nb", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", ".doctrees", "**.ipynb_checkpoints"]
root_doc = "index"

# Notebooks: the committed outputs, never executed; text/markdown outputs parsed as MyST (with $ maths).
nb_execution_mode = "off"
nb_render_markdown_format = "myst"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget manager from a CDN
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # $$...$$ inside a paragraph, as JupyterLab renders it
myst_heading_anchors = 3

# MathJax 2.7.7 from _static/mathjax (the path is relative to _static; tools/book.py copies it there):
# typeset only Sphinx's maths spans and divs.
myst_update_mathjax = False
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
mathjax2_config = {
    "messageStyle": "none",
    "showMathMenu": False,
    "tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]], "processEscapes": True,
                "ignoreClass": "tex2jax_ignore|mathjax_ignore",
                "processClass": "tex2jax_process|mathjax_process|math|output_area"},
    "CommonHTML": {"linebreaks": {"automatic": False}},
}

# Jupyter Book's look: the whole course in the left sidebar, the page's contents on the right.
html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "toc_title": "On this page",
    "navigation_with_keys": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_prev_next": True,
    "back_to_top_button": False,
    "search_bar_text": "Search the course ...",
    "navbar_persistent": [],  # one search box, in the sidebar
}
html_context = {"default_mode": "light"}  # the figures are drawn on white; the switch in the header offers dark
html_static_path = ["static"]
html_css_files = ["book.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_search_language = "en"


def _search_page_scripts(app, pagename, templatename, context, doctree):
    """search.html only: the pages' text for result summaries, served instead of fetch() (refused on file://)."""
    if pagename == "search":
        app.add_js_file("bpkit-search-pages.js")
        app.add_js_file("book-search.js")


def _alt_text(app, doctree):
    """Figures keep their alt text: myst-nb names an image file by its SHA-256, tools/book.py maps those to alts."""
    path = Path(app.srcdir) / "_bpkit_alt_text.json"
    alts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for node in doctree.findall(nodes.image):
        alt = alts.get(Path(node["uri"]).stem)
        if alt:
            node["alt"] = alt


def setup(app):
    app.connect("html-page-context", _search_page_scripts)
    app.connect("doctree-read", _alt_text)
