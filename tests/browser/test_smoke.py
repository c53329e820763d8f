def test_home_page_has_no_axe_violations(page, site_url, axe):
    page.goto(site_url + "/")
    assert page.locator("h1").count() == 1
    axe(page)
