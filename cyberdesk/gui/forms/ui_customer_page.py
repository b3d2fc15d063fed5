# Generated from ui/customer_page.ui by scripts/ui — do not edit.
from cyberdesk.i18n import _  # noqa: F401
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'customer_page.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CustomerPage(object):
    def setupUi(self, CustomerPage):
        if not CustomerPage.objectName():
            CustomerPage.setObjectName(u"CustomerPage")
        self.columns = QHBoxLayout(CustomerPage)
        self.columns.setObjectName(u"columns")
        self.leftColumn = QVBoxLayout()
        self.leftColumn.setObjectName(u"leftColumn")
        self.companyGroup = QGroupBox(CustomerPage)
        self.companyGroup.setObjectName(u"companyGroup")
        self.companyGroup_form = QFormLayout(self.companyGroup)
        self.companyGroup_form.setObjectName(u"companyGroup_form")
        self.companyGroup_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.company_name_label = QLabel(self.companyGroup)
        self.company_name_label.setObjectName(u"company_name_label")
        self.company_name_label.setWordWrap(True)

        self.companyGroup_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.company_name_label)

        self.company_name = QLineEdit(self.companyGroup)
        self.company_name.setObjectName(u"company_name")

        self.companyGroup_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.company_name)

        self.company_kana_label = QLabel(self.companyGroup)
        self.company_kana_label.setObjectName(u"company_kana_label")
        self.company_kana_label.setWordWrap(True)

        self.companyGroup_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.company_kana_label)

        self.company_kana = QLineEdit(self.companyGroup)
        self.company_kana.setObjectName(u"company_kana")

        self.companyGroup_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.company_kana)

        self.representative_title_label = QLabel(self.companyGroup)
        self.representative_title_label.setObjectName(u"representative_title_label")
        self.representative_title_label.setWordWrap(True)

        self.companyGroup_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.representative_title_label)

        self.representative_title = QLineEdit(self.companyGroup)
        self.representative_title.setObjectName(u"representative_title")

        self.companyGroup_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.representative_title)

        self.representative_name_label = QLabel(self.companyGroup)
        self.representative_name_label.setObjectName(u"representative_name_label")
        self.representative_name_label.setWordWrap(True)

        self.companyGroup_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.representative_name_label)

        self.representative_name = QLineEdit(self.companyGroup)
        self.representative_name.setObjectName(u"representative_name")

        self.companyGroup_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.representative_name)

        self.postal_code_label = QLabel(self.companyGroup)
        self.postal_code_label.setObjectName(u"postal_code_label")
        self.postal_code_label.setWordWrap(True)

        self.companyGroup_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.postal_code_label)

        self.postal_code = QLineEdit(self.companyGroup)
        self.postal_code.setObjectName(u"postal_code")
        self.postal_code.setPlaceholderText(u"123-4567")

        self.companyGroup_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.postal_code)

        self.address_label = QLabel(self.companyGroup)
        self.address_label.setObjectName(u"address_label")
        self.address_label.setWordWrap(True)

        self.companyGroup_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.address_label)

        self.address = QLineEdit(self.companyGroup)
        self.address.setObjectName(u"address")

        self.companyGroup_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.address)

        self.annual_sales_label = QLabel(self.companyGroup)
        self.annual_sales_label.setObjectName(u"annual_sales_label")
        self.annual_sales_label.setWordWrap(True)

        self.companyGroup_form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.annual_sales_label)

        self.annual_sales_row = QHBoxLayout()
        self.annual_sales_row.setObjectName(u"annual_sales_row")
        self.annual_sales = QLineEdit(self.companyGroup)
        self.annual_sales.setObjectName(u"annual_sales")

        self.annual_sales_row.addWidget(self.annual_sales)

        self.annual_sales_unit = QLabel(self.companyGroup)
        self.annual_sales_unit.setObjectName(u"annual_sales_unit")

        self.annual_sales_row.addWidget(self.annual_sales_unit)


        self.companyGroup_form.setLayout(6, QFormLayout.ItemRole.FieldRole, self.annual_sales_row)

        self.fiscal_month_label = QLabel(self.companyGroup)
        self.fiscal_month_label.setObjectName(u"fiscal_month_label")
        self.fiscal_month_label.setWordWrap(True)

        self.companyGroup_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.fiscal_month_label)

        self.fiscal_month = QComboBox(self.companyGroup)
        self.fiscal_month.setObjectName(u"fiscal_month")

        self.companyGroup_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.fiscal_month)

        self.employees_label = QLabel(self.companyGroup)
        self.employees_label.setObjectName(u"employees_label")
        self.employees_label.setWordWrap(True)

        self.companyGroup_form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.employees_label)

        self.employees_row = QHBoxLayout()
        self.employees_row.setObjectName(u"employees_row")
        self.employees = QLineEdit(self.companyGroup)
        self.employees.setObjectName(u"employees")

        self.employees_row.addWidget(self.employees)

        self.employees_unit = QLabel(self.companyGroup)
        self.employees_unit.setObjectName(u"employees_unit")

        self.employees_row.addWidget(self.employees_unit)


        self.companyGroup_form.setLayout(8, QFormLayout.ItemRole.FieldRole, self.employees_row)


        self.leftColumn.addWidget(self.companyGroup)

        self.leftSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.leftColumn.addItem(self.leftSpacer)


        self.columns.addLayout(self.leftColumn)

        self.rightColumn = QVBoxLayout()
        self.rightColumn.setObjectName(u"rightColumn")
        self.contactGroup = QGroupBox(CustomerPage)
        self.contactGroup.setObjectName(u"contactGroup")
        self.contactGroup_form = QFormLayout(self.contactGroup)
        self.contactGroup_form.setObjectName(u"contactGroup_form")
        self.contactGroup_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.contact_name_label = QLabel(self.contactGroup)
        self.contact_name_label.setObjectName(u"contact_name_label")
        self.contact_name_label.setWordWrap(True)

        self.contactGroup_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.contact_name_label)

        self.contact_name = QLineEdit(self.contactGroup)
        self.contact_name.setObjectName(u"contact_name")

        self.contactGroup_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.contact_name)

        self.contact_department_label = QLabel(self.contactGroup)
        self.contact_department_label.setObjectName(u"contact_department_label")
        self.contact_department_label.setWordWrap(True)

        self.contactGroup_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.contact_department_label)

        self.contact_department = QLineEdit(self.contactGroup)
        self.contact_department.setObjectName(u"contact_department")

        self.contactGroup_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.contact_department)

        self.contact_phone_label = QLabel(self.contactGroup)
        self.contact_phone_label.setObjectName(u"contact_phone_label")
        self.contact_phone_label.setWordWrap(True)

        self.contactGroup_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.contact_phone_label)

        self.contact_phone = QLineEdit(self.contactGroup)
        self.contact_phone.setObjectName(u"contact_phone")
        self.contact_phone.setPlaceholderText(u"03-1234-5678")

        self.contactGroup_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.contact_phone)

        self.contact_email_label = QLabel(self.contactGroup)
        self.contact_email_label.setObjectName(u"contact_email_label")
        self.contact_email_label.setWordWrap(True)

        self.contactGroup_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contact_email_label)

        self.contact_email = QLineEdit(self.contactGroup)
        self.contact_email.setObjectName(u"contact_email")

        self.contactGroup_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contact_email)


        self.rightColumn.addWidget(self.contactGroup)

        self.agentGroup = QGroupBox(CustomerPage)
        self.agentGroup.setObjectName(u"agentGroup")
        self.agentGroup_form = QFormLayout(self.agentGroup)
        self.agentGroup_form.setObjectName(u"agentGroup_form")
        self.agentGroup_form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.agent_agency_name_label = QLabel(self.agentGroup)
        self.agent_agency_name_label.setObjectName(u"agent_agency_name_label")
        self.agent_agency_name_label.setWordWrap(True)

        self.agentGroup_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.agent_agency_name_label)

        self.agent_agency_name = QLineEdit(self.agentGroup)
        self.agent_agency_name.setObjectName(u"agent_agency_name")

        self.agentGroup_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.agent_agency_name)

        self.agent_agency_code_label = QLabel(self.agentGroup)
        self.agent_agency_code_label.setObjectName(u"agent_agency_code_label")
        self.agent_agency_code_label.setWordWrap(True)

        self.agentGroup_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.agent_agency_code_label)

        self.agent_agency_code = QLineEdit(self.agentGroup)
        self.agent_agency_code.setObjectName(u"agent_agency_code")

        self.agentGroup_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.agent_agency_code)

        self.agent_agent_name_label = QLabel(self.agentGroup)
        self.agent_agent_name_label.setObjectName(u"agent_agent_name_label")
        self.agent_agent_name_label.setWordWrap(True)

        self.agentGroup_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.agent_agent_name_label)

        self.agent_agent_name = QLineEdit(self.agentGroup)
        self.agent_agent_name.setObjectName(u"agent_agent_name")

        self.agentGroup_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.agent_agent_name)

        self.agent_phone_label = QLabel(self.agentGroup)
        self.agent_phone_label.setObjectName(u"agent_phone_label")
        self.agent_phone_label.setWordWrap(True)

        self.agentGroup_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.agent_phone_label)

        self.agent_phone = QLineEdit(self.agentGroup)
        self.agent_phone.setObjectName(u"agent_phone")

        self.agentGroup_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.agent_phone)

        self.agent_email_label = QLabel(self.agentGroup)
        self.agent_email_label.setObjectName(u"agent_email_label")
        self.agent_email_label.setWordWrap(True)

        self.agentGroup_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.agent_email_label)

        self.agent_email = QLineEdit(self.agentGroup)
        self.agent_email.setObjectName(u"agent_email")

        self.agentGroup_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.agent_email)

        self.interview_date_label = QLabel(self.agentGroup)
        self.interview_date_label.setObjectName(u"interview_date_label")
        self.interview_date_label.setWordWrap(True)

        self.agentGroup_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.interview_date_label)

        self.interview_date = QDateEdit(self.agentGroup)
        self.interview_date.setObjectName(u"interview_date")
        self.interview_date.setCalendarPopup(True)
        self.interview_date.setDisplayFormat(u"yyyy-MM-dd")

        self.agentGroup_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.interview_date)


        self.rightColumn.addWidget(self.agentGroup)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rightColumn.addItem(self.rightSpacer)


        self.columns.addLayout(self.rightColumn)

#if QT_CONFIG(shortcut)
        self.company_name_label.setBuddy(self.company_name)
        self.company_kana_label.setBuddy(self.company_kana)
        self.representative_title_label.setBuddy(self.representative_title)
        self.representative_name_label.setBuddy(self.representative_name)
        self.postal_code_label.setBuddy(self.postal_code)
        self.address_label.setBuddy(self.address)
        self.annual_sales_label.setBuddy(self.annual_sales)
        self.fiscal_month_label.setBuddy(self.fiscal_month)
        self.employees_label.setBuddy(self.employees)
        self.contact_name_label.setBuddy(self.contact_name)
        self.contact_department_label.setBuddy(self.contact_department)
        self.contact_phone_label.setBuddy(self.contact_phone)
        self.contact_email_label.setBuddy(self.contact_email)
        self.agent_agency_name_label.setBuddy(self.agent_agency_name)
        self.agent_agency_code_label.setBuddy(self.agent_agency_code)
        self.agent_agent_name_label.setBuddy(self.agent_agent_name)
        self.agent_phone_label.setBuddy(self.agent_phone)
        self.agent_email_label.setBuddy(self.agent_email)
        self.interview_date_label.setBuddy(self.interview_date)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.company_name, self.company_kana)
        QWidget.setTabOrder(self.company_kana, self.representative_title)
        QWidget.setTabOrder(self.representative_title, self.representative_name)
        QWidget.setTabOrder(self.representative_name, self.postal_code)
        QWidget.setTabOrder(self.postal_code, self.address)
        QWidget.setTabOrder(self.address, self.annual_sales)
        QWidget.setTabOrder(self.annual_sales, self.fiscal_month)
        QWidget.setTabOrder(self.fiscal_month, self.employees)
        QWidget.setTabOrder(self.employees, self.contact_name)
        QWidget.setTabOrder(self.contact_name, self.contact_department)
        QWidget.setTabOrder(self.contact_department, self.contact_phone)
        QWidget.setTabOrder(self.contact_phone, self.contact_email)
        QWidget.setTabOrder(self.contact_email, self.agent_agency_name)
        QWidget.setTabOrder(self.agent_agency_name, self.agent_agency_code)
        QWidget.setTabOrder(self.agent_agency_code, self.agent_agent_name)
        QWidget.setTabOrder(self.agent_agent_name, self.agent_phone)
        QWidget.setTabOrder(self.agent_phone, self.agent_email)
        QWidget.setTabOrder(self.agent_email, self.interview_date)

        self.retranslateUi(CustomerPage)

        QMetaObject.connectSlotsByName(CustomerPage)
    # setupUi

    def retranslateUi(self, CustomerPage):
        self.companyGroup.setTitle(_(u"The customer company", None))
        self.company_name_label.setText(_(u"Company name", None))
        self.company_kana_label.setText(_(u"Company name (katakana)", None))
        self.representative_title_label.setText(_(u"Representative's title", None))
        self.representative_name_label.setText(_(u"Representative's name", None))
        self.postal_code_label.setText(_(u"Postal code", None))
        self.address_label.setText(_(u"Address", None))
        self.annual_sales_label.setText(_(u"Annual sales (latest year, tax included)", None))
        self.annual_sales_unit.setText(_(u"thousand yen", None))
        self.fiscal_month_label.setText(_(u"Closing month", None))
        self.employees_label.setText(_(u"Employees", None))
        self.employees_unit.setText(_(u"persons", None))
        self.contactGroup.setTitle(_(u"Contact person", None))
        self.contact_name_label.setText(_(u"Full name", None))
        self.contact_department_label.setText(_(u"Department", None))
        self.contact_phone_label.setText(_(u"Phone", None))
        self.contact_email_label.setText(_(u"E-mail", None))
        self.agentGroup.setTitle(_(u"Agency and agent", None))
        self.agent_agency_name_label.setText(_(u"Agency name", None))
        self.agent_agency_code_label.setText(_(u"Agency code", None))
        self.agent_agent_name_label.setText(_(u"Agent", None))
        self.agent_phone_label.setText(_(u"Phone", None))
        self.agent_email_label.setText(_(u"E-mail", None))
        self.interview_date_label.setText(_(u"Interview date", None))
        pass
    # retranslateUi

