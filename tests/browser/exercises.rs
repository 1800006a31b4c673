//! Incidents to diagnose: the list is shown in step 6, an exercise opens on its own
//! playground, a hint is given on demand, a wrong answer is refused and the solution
//! shown, and a query that singles out the culprit is accepted.

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

#[wasm_bindgen_test]
async fn an_exercise_gives_a_hint_refuses_a_wrong_answer_then_accepts_a_right_one() {
    let page = Page::open();
    wait(50).await;
    page.click("step-6");
    until("the exercise list is shown", || {
        page.find_all("exercise-list").len() == 1
    })
    .await;
    page.click("exercise-down");
    until("the exercise opens", || {
        page.find_all("exercise-answer").len() == 1
    })
    .await;
    assert!(
        page.find_all("exercise-solution").is_empty(),
        "no solution before a try"
    );
    page.click("exercise-hint");
    until("the hint is shown", || {
        page.find_all("exercise-hint-text").len() == 1
            && page.text("exercise-hint-text").contains("up")
    })
    .await;
    page.type_text("exercise-answer", "localhost:9999");
    page.click("exercise-check");
    until("a wrong answer is refused", || {
        page.find_all("exercise-result").len() == 1
            && page.attr("exercise-result", "data-correct") == "false"
    })
    .await;
    assert!(
        page.text("exercise-solution").contains("up == 0"),
        "the solution after a try"
    );
    page.type_text("exercise-answer", "");
    page.type_text("exercise-query", "up == 0");
    page.click("exercise-check");
    until("a query singling out the culprit is accepted", || {
        page.attr("exercise-result", "data-correct") == "true"
    })
    .await;
    assert_eq!(page.attr("exercise-series", "data-singled-out"), "true");
    page.type_text("exercise-query", "up");
    page.click("exercise-check");
    until("every target is not singling one out", || {
        page.attr("exercise-result", "data-correct") == "false"
    })
    .await;
}
