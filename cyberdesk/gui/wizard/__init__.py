"""The interview wizard: 顧客情報 → 意向把握 → 業務区分 → 被保険者の範囲 → プラン選択 → 意向確認 → 出力."""

from cyberdesk.gui.wizard.wizard import InterviewWizard

__all__ = ["InterviewWizard"]
