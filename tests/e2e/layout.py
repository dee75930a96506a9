"""What a browser test asks of the page's layout."""

# For ``locator.evaluate``: whether the middle of the element is what the
# browser shows there, not something painted over it.
ON_TOP = """element => {
    const box = element.getBoundingClientRect();
    const found = document.elementFromPoint(
        box.left + box.width / 2, box.top + box.height / 2
    );
    return element.contains(found);
}"""
