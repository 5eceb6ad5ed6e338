def render_diff_html(result: object) -> str:
    return ""
