"""A report document as one self-contained HTML page: inline style and SVG, no scripts, nothing
fetched, so it opens the same offline, years later, on any machine."""

from __future__ import annotations

from html import escape

from facilitator.records.document import (
    Document,
    Heading,
    Items,
    Lines,
    Para,
    Picture,
    Table,
)

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; color: #222; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
ul.transcript { list-style: none; padding-left: 0; }
ul.transcript li { margin: 0.2rem 0; }
.when { color: #555; font-variant-numeric: tabular-nums; margin-right: 0.5rem; }
li.prompt { color: #555; } li.event { font-style: italic; }
figure { margin: 1rem 0; overflow-x: auto; }
"""


def render_html(doc: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    for block in doc.blocks:
        match block:
            case Heading(text, level):
                out.append(f"<h{level}>{escape(text)}</h{level}>")
            case Para(text):
                out.append(f"<p>{escape(text)}</p>")
            case Table(head, rows):
                out.append("<table>")
                out.append(
                    "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead>"
                )
                out.append("<tbody>")
                for row in rows:
                    cells = [f'<th scope="row">{escape(row[0])}</th>']
                    cells += [f"<td>{escape(c)}</td>" for c in row[1:]]
                    out.append("<tr>" + "".join(cells) + "</tr>")
                out.append("</tbody></table>")
            case Items(items):
                out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            case Lines(lines):
                out.append('<ul class="transcript">')
                for line in lines:
                    who = f"<strong>{escape(line.who)}:</strong> " if line.who else ""
                    out.append(
                        f'<li class="{line.kind}"><span class="when">{escape(line.when)}</span>'
                        f"{who}{escape(line.text)}</li>"
                    )
                out.append("</ul>")
            case Picture(svg, alt):
                out.append(f"<figure>{svg}<figcaption>{escape(alt)}</figcaption></figure>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
